using System.Diagnostics;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Foundation.Tests;

/// <summary>
/// The PostgreSQL that `./okube up` makes (its `postgres` step, in a throwaway state folder): password
/// authentication with generated passwords kept 0600, a silo role that is no superuser, and a silo
/// that runs on that role.
/// </summary>
[Trait("Category", "Integration")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OkubePostgresTests : IAsyncLifetime
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private readonly string state = Directory.CreateTempSubdirectory("okube-state-").FullName;
    private readonly int port = FreePort.Next();

    public ValueTask InitializeAsync()
    {
        // The postgres user must reach the data folder below it; the password files stay 0600.
        File.SetUnixFileMode(state, (UnixFileMode)0x1ED);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task OtherUsersNeedThePasswordAndTheSiloRoleIsNoSuperuser()
    {
        var up = await RunAsync(Path.Combine(RepoPaths.Root, "okube"), ["postgres"],
            new() { ["OKUBE_STATE"] = state, ["OKUBE_PG_PORT"] = port.ToString() });
        Assert.True(up.ExitCode == 0, up.Output);
        foreach (var file in new[] { "pg-password", "pg-superuser-password" })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(state, file)));

        var asNobody = await RunAsync("runuser", ["-u", "nobody", "--", $"{PgBin}/psql", "-h", "127.0.0.1", "-p", port.ToString(), "-U", "postgres", "-w", "-c", "SELECT 1"]);
        Assert.NotEqual(0, asNobody.ExitCode);
        Assert.Contains("no password supplied", asNobody.Output);
        var wrong = await RunAsync($"{PgBin}/psql", ["-h", "127.0.0.1", "-p", port.ToString(), "-U", "okube", "-d", "okube", "-w", "-c", "SELECT 1"],
            new() { ["PGPASSWORD"] = "guess" });
        Assert.Contains("password authentication failed for user \"okube\"", wrong.Output);

        var password = (await File.ReadAllTextAsync(Path.Combine(state, "pg-password"), TestContext.Current.CancellationToken)).Trim();
        var super = await RunAsync($"{PgBin}/psql", ["-h", "127.0.0.1", "-p", port.ToString(), "-U", "okube", "-d", "okube", "-tA", "-c",
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"], new() { ["PGPASSWORD"] = password });
        Assert.Equal("f|f|f", super.Output.Trim());

        // The silo migrates its schema and serves on that role.
        await using var silo = SiloProcess.Start($"Host=127.0.0.1;Port={port};Username=okube;Password={password};Database=okube", "okube-pg", "api");
        await silo.WaitReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("runuser", ["-u", "postgres", "--", $"{PgBin}/pg_ctl", "-D", Path.Combine(state, "pg"), "-m", "immediate", "-w", "stop"]);
        Directory.Delete(state, recursive: true);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, Dictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in env ?? [])
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
