using Microsoft.Playwright;
using Orleans.Kube.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Orleans.Kube.Dashboard.Tests.DashboardFixture))]
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace Orleans.Kube.Dashboard.Tests;

/// <summary>
/// One PostgreSQL, one api+worker silo (a real Docker node) and one headless Chromium for every
/// dashboard test. The silo's static token file holds an admin token (group system:masters) and
/// a token for a user no RBAC rule grants anything.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private PostgresServer? postgres;
    private IPlaywright? playwright;
    private readonly string userDataDir = Path.Combine(Path.GetTempPath(), $"okube-chromium-{Guid.NewGuid():N}");

    public SiloProcess Silo { get; private set; } = null!;
    public Kubectl Kubectl { get; private set; } = null!;
    public IBrowserContext Browser { get; private set; } = null!;
    public const string Image = "okube/busybox:1";
    public string NodeName { get; } = $"dash-{Guid.NewGuid().ToString("N")[..6]}";
    public string AdminToken { get; } = $"admin-{Guid.NewGuid():N}";
    public string NobodyToken { get; } = $"nobody-{Guid.NewGuid():N}";

    /// <summary>Where each view's screenshot goes (a test artifact): TestResults/screenshots beside the test assembly.</summary>
    public string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("dashboard");
        var tokenFile = Path.Combine(Path.GetTempPath(), $"okube-dashboard-tokens-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(tokenFile, [$"{AdminToken},dashboard-admin,uid-admin,\"system:masters\"", $"{NobodyToken},nobody,uid-nobody"]);
        Silo = SiloProcess.Start(database, NodeName, "api,worker", "--token-auth-file", tokenFile, "--Nodes:HeartbeatSeconds=1");
        var browserStart = StartBrowserAsync();
        await Silo.WaitReadyAsync();
        Kubectl = new Kubectl(Silo.HttpUrl);
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "node", NodeName)).Stdout.Contains(" Ready"),
            TimeSpan.FromSeconds(60), $"node {NodeName} Ready");
        Browser = await browserStart;
        Directory.CreateDirectory(ScreenshotDir);
    }

    /// <summary>The machine's Chromium (Debian's package), headless, with a fresh profile and nothing phoning home.</summary>
    private async Task<IBrowserContext> StartBrowserAsync()
    {
        playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchPersistentContextAsync(userDataDir, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
            // The silo's certificate is signed by the test cluster's own CA, which Chromium does not know.
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
    }

    /// <summary>
    /// A new tab signed in with <paramref name="token"/> (default: the admin's), showing the view of
    /// <paramref name="hash"/> in <paramref name="namespace"/> (empty: all namespaces).
    /// </summary>
    public async Task<IPage> OpenAsync(string hash, string @namespace = "", string? token = null)
    {
        // Chromium drops all its connections when the host's interfaces change (ERR_NETWORK_CHANGED),
        // which Docker does whenever a container starts: a page load caught by that is loaded again.
        for (var attempt = 1; ; attempt++)
        {
            var page = await Browser.NewPageAsync();
            // The page's errors and warnings (a refused request, a dropped watch) go to the runner's output for diagnosis.
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning")
                    Console.Error.WriteLine($"browser {message.Type}: {message.Text}");
            };
            try
            {
                await page.GotoAsync($"{Silo.HttpUrl}/ui/");
                await page.EvaluateAsync("ns => localStorage.setItem('okube.dashboard.namespace', ns)", @namespace);
                await page.FillAsync("#token", token ?? AdminToken, new() { Timeout = 5_000 });
                await page.ClickAsync("#signin-form button[type=submit]");
                await page.Locator("#app").WaitForAsync(new() { Timeout = 5_000 });
                await page.EvaluateAsync("hash => { location.hash = hash; }", hash);
                return page;
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException && attempt < 3)
            {
                Console.Error.WriteLine($"loading the dashboard again after: {ex.Message}");
                await page.CloseAsync();
            }
        }
    }

    public Task ScreenshotAsync(IPage page, string view) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, $"{view}.png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        Kubectl?.Dispose();
        if (Silo is not null) await Silo.DisposeAsync();
        await Docker.RemoveAsync(await Docker.ContainersAsync(new Dictionary<string, string> { ["okube.node"] = NodeName }, all: true));
        await HostMountCleanup.UnmountUnderAsync(Path.Combine(Path.GetTempPath(), "okube", NodeName));
        if (postgres is not null) await postgres.DisposeAsync();
        try { Directory.Delete(userDataDir, recursive: true); } catch (IOException) { }
    }
}
