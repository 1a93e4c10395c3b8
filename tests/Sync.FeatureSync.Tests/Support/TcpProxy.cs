using System.Net;
using System.Net.Sockets;

namespace Sync.FeatureSync.Tests.Support;

/// <summary>
/// Forwards a loopback port to another loopback port, so a test can make a server appear (start), vanish (stop), or go
/// silent with its connections open, as behind a network partition (freeze).
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly int _targetPort;
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task? _accept;
    private readonly List<TcpClient> _clients = [];
    private volatile TaskCompletionSource _flowing = Completed();

    public TcpProxy(int listenPort, int targetPort)
    {
        ListenPort = listenPort;
        _targetPort = targetPort;
    }

    public int ListenPort { get; }

    /// <summary>Stops passing bytes either way; connections stay open and new ones are accepted, but nothing arrives.</summary>
    public void Freeze() => _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Passes bytes again, the held ones first.</summary>
    public void Thaw() => _flowing.TrySetResult();

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, ListenPort);
        _listener.Start();
        _accept = AcceptAsync(_listener, _stop.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(ct); }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }
            lock (_clients) { _clients.Add(client); _clients.Add(upstream); }
            _ = PumpAsync(client, upstream, ct);
        }
    }

    private async Task PumpAsync(TcpClient a, TcpClient b, CancellationToken ct)
    {
        try
        {
            using (a)
            using (b)
            {
                var one = CopyAsync(a.GetStream(), b.GetStream(), ct);
                var two = CopyAsync(b.GetStream(), a.GetStream(), ct);
                await Task.WhenAny(one, two);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // a side closed: the connection ends, as it would through a real network
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            await _flowing.Task.WaitAsync(ct);
            await to.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop != null) await _stop.CancelAsync();
        _listener?.Stop();
        if (_accept != null) await _accept;
        lock (_clients) { foreach (var c in _clients) c.Dispose(); _clients.Clear(); }
    }
}
