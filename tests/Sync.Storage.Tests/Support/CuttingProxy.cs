using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Sync.Storage.Tests.Support;

/// <summary>
/// A loopback TCP proxy in front of a server that can cut a connection after a given number of response bytes,
/// as a broken network would, and records the request lines and Range headers it forwarded.
/// </summary>
internal sealed partial class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requestLines = new();
    private readonly ConcurrentQueue<string> _ranges = new();
    private readonly Task _acceptLoop;
    private readonly Lock _gate = new();
    private long _budget = -1;
    private int _cuts;

    public CuttingProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Request lines forwarded, e.g. "GET /bucket/key HTTP/1.1".</summary>
    public IReadOnlyList<string> RequestLines => [.. _requestLines];

    /// <summary>Values of the Range headers forwarded, in order, e.g. "bytes=0-99".</summary>
    public IReadOnlyList<string> Ranges => [.. _ranges];

    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>The next response is cut (both sockets closed) after this many more bytes reach the client.</summary>
    public void CutAfter(long responseBytes)
    {
        lock (_gate) _budget = responseBytes;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        using (client)
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                var clientStream = client.GetStream();
                var upstreamStream = upstream.GetStream();
                var up = PumpRequestsAsync(clientStream, upstreamStream);
                var down = PumpResponsesAsync(upstreamStream, clientStream, client, upstream);
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A relay ends when either side goes away.
            }
        }
    }

    private async Task PumpRequestsAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[64 * 1024];
        var pending = new StringBuilder();
        while (true)
        {
            var n = await from.ReadAsync(buffer, _stop.Token);
            if (n == 0) return;
            pending.Append(Encoding.Latin1.GetString(buffer, 0, n));
            var text = pending.ToString();
            var end = text.LastIndexOf("\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                foreach (var line in text[..end].Split("\r\n"))
                {
                    // A request line may follow the previous request's body on the same "line".
                    var request = RequestLine().Match(line);
                    if (request.Success) _requestLines.Enqueue(request.Value);
                    if (line.StartsWith("range:", StringComparison.OrdinalIgnoreCase)) _ranges.Enqueue(line["range:".Length..].Trim());
                }
                pending.Clear().Append(text[(end + 2)..]);
            }
            await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
        }
    }

    private async Task PumpResponsesAsync(NetworkStream from, NetworkStream to, TcpClient client, TcpClient upstream)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var n = await from.ReadAsync(buffer, _stop.Token);
            if (n == 0) return;
            var forward = n;
            var cut = false;
            lock (_gate)
            {
                if (_budget >= 0)
                {
                    if (n > _budget)
                    {
                        forward = (int)_budget;
                        cut = true;
                        _budget = -1;
                    }
                    else
                    {
                        _budget -= n;
                    }
                }
            }
            if (forward > 0) await to.WriteAsync(buffer.AsMemory(0, forward), _stop.Token);
            if (cut)
            {
                Interlocked.Increment(ref _cuts);
                client.Close();
                upstream.Close();
                return;
            }
        }
    }

    [GeneratedRegex(@"(GET|PUT|POST|HEAD|DELETE) /\S* HTTP/1\.1$")]
    private static partial Regex RequestLine();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
