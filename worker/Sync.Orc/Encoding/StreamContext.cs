namespace Sync.Orc.Encoding;

/// <summary>Where a stream lives, so decoding errors can name file, stripe, column and stream.</summary>
internal sealed record StreamContext(string File, int? Stripe, int? Column, string Stream)
{
    public OrcFormatException Error(string detail, Exception? inner = null) => new(detail, File, Stripe, Column, Stream, inner);
}
