using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Instrumentation.Benchmarks;

/// <summary>A redis-server on a free loopback port, without persistence, killed on dispose.</summary>
internal sealed class LocalRedis : IDisposable
{
    private readonly Process _server;

    private LocalRedis(int port)
    {
        Configuration = $"127.0.0.1:{port}";
        _server = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on {Configuration}.");
    }

    public string Configuration { get; }

    public static LocalRedis Start()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new LocalRedis(port);
    }

    public void Dispose()
    {
        _server.Kill();
        _server.WaitForExit();
        _server.Dispose();
    }
}
