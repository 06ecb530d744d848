using System.Diagnostics;
using System.Globalization;

namespace Instrumentation.Sinks.Redis.Tests;

/// <summary>
/// A real three-node Redis Cluster on free 127.0.0.1 ports (no replicas), created with
/// <c>redis-cli --cluster create</c>; stopped and deleted afterwards.
/// </summary>
internal sealed class RedisCluster : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("instrumentation-redis-cluster-").FullName;
    private readonly List<Process> _nodes = [];
    private readonly int[] _ports = [LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free()];

    public string Configuration => string.Join(',', _ports.Select(p => $"127.0.0.1:{p}")) + ",connectTimeout=2000";

    public static async Task<RedisCluster> StartAsync()
    {
        var cluster = new RedisCluster();
        foreach (int port in cluster._ports)
        {
            string dir = Directory.CreateDirectory(Path.Combine(cluster._folder, port.ToString(CultureInfo.InvariantCulture))).FullName;
            cluster._nodes.Add(Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true, UseShellExecute = false })!);
        }

        foreach (int port in cluster._ports)
        {
            await LoopbackPort.WaitUntilListeningAsync(port);
        }

        var create = Process.Start(new ProcessStartInfo("redis-cli", ["--cluster", "create", .. cluster._ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        string output = await create.StandardOutput.ReadToEndAsync();
        await create.WaitForExitAsync();
        if (create.ExitCode != 0 || !output.Contains("All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-cli --cluster create failed: " + output + await create.StandardError.ReadToEndAsync());
        }

        foreach (int port in cluster._ports)
        {
            await WaitUntilClusterStateOkAsync(port);
        }

        return cluster;
    }

    /// <summary>
    /// <c>--cluster create</c> returns before every node has heard of every slot through gossip; a client
    /// that connects earlier can be told CLUSTERDOWN. Wait until each node itself says the cluster is ok.
    /// </summary>
    private static async Task WaitUntilClusterStateOkAsync(int port)
    {
        string info = "";
        for (int attempt = 0; attempt < 100; attempt++)
        {
            var cli = Process.Start(new ProcessStartInfo("redis-cli", ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "cluster", "info"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            info = await cli.StandardOutput.ReadToEndAsync();
            await cli.WaitForExitAsync();
            if (info.Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"Redis Cluster node on port {port} never reported cluster_state:ok: {info}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Process node in _nodes)
        {
            node.Kill();
            await node.WaitForExitAsync();
            node.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
