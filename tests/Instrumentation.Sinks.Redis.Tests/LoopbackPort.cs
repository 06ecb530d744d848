using System.Net;
using System.Net.Sockets;

namespace Instrumentation.Sinks.Redis.Tests;

/// <summary>Free ports on 127.0.0.1 and waiting for a server to listen on one.</summary>
internal static class LoopbackPort
{
    /// <summary>A port nothing listens on now (below 55000, so a cluster bus port, +10000, stays in range).</summary>
    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port < 55000)
            {
                return port;
            }
        }
    }

    public static async Task WaitUntilListeningAsync(int port)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }

        throw new InvalidOperationException($"Nothing started listening on 127.0.0.1:{port}.");
    }
}
