using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Instrumentation.Sinks.Redis.Tests;

/// <summary>
/// A real redis-server on a free 127.0.0.1 port, with its own folder and AOF persistence (so a stop and
/// restart keeps its data, like a production server) unless asked for none (a restart then starts empty, like a
/// cache server or a failover to an empty replica). Stopped and deleted afterwards.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("instrumentation-redis-").FullName;
    private bool _persistent = true;
    private Process? _process;

    public int Port { get; } = LoopbackPort.Free();

    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public static async Task<RedisServer> StartAsync(bool persistent = true)
    {
        var server = new RedisServer { _persistent = persistent };
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("redis-server", ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _folder, "--appendonly", _persistent ? "yes" : "no", "--appendfsync", "always", "--save", ""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("redis-server is not installed; ./test.sh installs it (apt-get install -y redis-server).", exception);
        }

        // Both pipes are drained, so a chatty server can never block on a full one.
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await LoopbackPort.WaitUntilListeningAsync(Port);
    }

    /// <summary>Stops the server process without closing its sockets (SIGSTOP): what a network black hole looks like.</summary>
    public Task FreezeAsync() => SignalAsync(Signal.Stop);

    /// <summary>Lets a frozen server run again (SIGCONT).</summary>
    public Task ThawAsync() => SignalAsync(Signal.Continue);

    /// <summary>Sends the signal with libc's kill(2): no helper process to start and wait for.</summary>
    private Task SignalAsync(Signal signal)
    {
        if (_process is { HasExited: false } process && Kill(process.Id, (int)signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        return Task.CompletedTask;
    }

    /// <summary>Kills the server and waits for it, at most 30 s: a wait that never ends must not hang the test run.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(patience.Token);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>The Linux signal numbers used here.</summary>
    private enum Signal
    {
        Continue = 18,
        Stop = 19,
    }

    public async ValueTask DisposeAsync()
    {
        await ThawAsync();
        await StopAsync();
        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
