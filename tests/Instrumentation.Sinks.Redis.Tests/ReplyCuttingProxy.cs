using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Instrumentation.Sinks.Redis.Tests;

/// <summary>
/// A TCP proxy on loopback in front of a real Redis that, once armed, lets the next request holding a script call
/// through and then cuts that connection instead of passing Redis's reply back: the script ran, the client sees a
/// failure — a write whose outcome the client cannot know.
/// </summary>
internal sealed class ReplyCuttingProxy : IAsyncDisposable
{
    private static readonly byte[] s_scriptCall = Encoding.ASCII.GetBytes("EVAL");
    private readonly TcpListener _listener;
    private readonly int _redisPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _armed;

    public ReplyCuttingProxy(int redisPort)
    {
        _redisPort = redisPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Configuration => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    /// <summary>How many replies were cut.</summary>
    public int Cuts;

    /// <summary>Cuts the reply to the next script call, once.</summary>
    public void CutNextScriptReply() => Volatile.Write(ref _armed, 1);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(static _ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _redisPort, _stop.Token);
                bool scriptSent = false;
                Task requests = CopyAsync(client.GetStream(), server.GetStream(), pass: static _ => true, sent: chunk =>
                {
                    if (chunk.AsSpan().IndexOf(s_scriptCall) >= 0 && Interlocked.Exchange(ref _armed, 0) == 1)
                    {
                        Volatile.Write(ref scriptSent, true);
                    }
                });
                Task replies = CopyAsync(server.GetStream(), client.GetStream(), pass: _ =>
                {
                    if (!Volatile.Read(ref scriptSent))
                    {
                        return true;
                    }

                    Interlocked.Increment(ref Cuts);
                    return false;
                }, sent: static _ => { });
                await Task.WhenAny(requests, replies);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The connection ended; the client reconnects.
            }
        }
    }

    /// <summary>Copies chunks until either side closes or <paramref name="pass"/> says to cut; <paramref name="sent"/> sees each chunk passed.</summary>
    private async Task CopyAsync(NetworkStream from, NetworkStream to, Func<byte[], bool> pass, Action<byte[]> sent)
    {
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            int read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            byte[] chunk = buffer[..read];
            if (!pass(chunk))
            {
                return;
            }

            await to.WriteAsync(chunk, _stop.Token);
            sent(chunk);
        }
    }
}
