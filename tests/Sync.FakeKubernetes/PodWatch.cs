using System.Threading.Channels;

namespace Sync.FakeKubernetes;

/// <summary>One open watch: the event lines it still has to send, filtered for it.</summary>
internal sealed class PodWatch
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public PodWatch(string ns, Func<k8s.Models.V1Pod, bool> filter)
    {
        Namespace = ns;
        Filter = filter;
    }

    public string Namespace { get; }

    public Func<k8s.Models.V1Pod, bool> Filter { get; }

    public ChannelReader<string> Lines => _lines.Reader;

    public void Send(string line) => _lines.Writer.TryWrite(line);

    /// <summary>Ends the stream after the lines already queued, as a dropped connection or server timeout does.</summary>
    public void Close() => _lines.Writer.TryComplete();
}
