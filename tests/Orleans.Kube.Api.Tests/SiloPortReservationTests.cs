using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>A port a silo listens on is never handed out as a NodePort, even inside the NodePort range.</summary>
[Trait("Category", "E2E")]
public sealed class SiloPortReservationTests
{
    /// <summary>A port in 30000-32766 that is free now, with its successor forming a two-port NodePort range.</summary>
    private static int FreeNodePortPair()
    {
        for (var port = 30000 + Random.Shared.Next(0, 2000); port < 32767; port++)
        {
            try
            {
                using var first = new TcpListener(IPAddress.Loopback, port);
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                first.Start();
                second.Start();
                first.Stop();
                second.Stop();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no two free ports in the NodePort range");
    }

    private static string NodePortService(string name, int? nodePort = null) => $$$"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}","namespace":"default"},
         "spec":{"type":"NodePort","selector":{"app":"x"},"ports":[{"port":80{{{(nodePort is null ? "" : $",\"nodePort\":{nodePort}")}}}}]}}
        """;

    [Fact]
    public async Task TheGatewayPortOfASiloIsNeverANodePort()
    {
        var gateway = FreeNodePortPair();
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("ports");
        await using var silo = SiloProcess.Start(database, "ports-node", "api",
            "--gateway-port", gateway.ToString(), $"--Network:NodePortRange={gateway}-{gateway + 1}");
        await silo.WaitReadyAsync();
        using var kubectl = new Kubectl(silo.HttpUrl);
        await Poll.UntilAsync(async () => (await kubectl.RunAsync("get", "namespace", "default")).ExitCode == 0,
            TimeSpan.FromSeconds(30), "namespace default");

        var asked = await kubectl.RunAsync(["create", "-f", "-"], NodePortService("asks-gateway", gateway));
        Assert.NotEqual(0, asked.ExitCode);
        Assert.Contains("provided port is already allocated", asked.Stderr);

        (await kubectl.RunAsync(["create", "-f", "-"], NodePortService("first"))).EnsureSuccess();
        var first = JsonNode.Parse((await kubectl.RunAsync("get", "service", "first", "-o", "json")).EnsureSuccess().Stdout)!;
        Assert.Equal(gateway + 1, first["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());

        var full = await kubectl.RunAsync(["create", "-f", "-"], NodePortService("second"));
        Assert.NotEqual(0, full.ExitCode);
        Assert.Contains("no NodePort left in the range", full.Stderr);
    }
}
