using Google.Protobuf;
using Sync.Orc.Proto;

namespace Sync.Orc.Tests.Support;

/// <summary>
/// Rewrites the protobuf sections of an uncompressed ORC file (stripe footers, footer, postscript) and lays
/// the file out again, so tests can plant one precise defect in an otherwise valid file.
/// </summary>
internal static class OrcFileSurgeon
{
    public static byte[] Rewrite(byte[] file, Action<int, StripeFooter>? editStripeFooter = null, Action<Footer>? editFooter = null, Action<PostScript>? editPostScript = null)
    {
        var psLength = file[^1];
        var ps = PostScript.Parser.ParseFrom(file.AsSpan(file.Length - 1 - psLength, psLength));
        if (ps.Compression != CompressionKind.None) throw new ArgumentException("only uncompressed files can be rewritten", nameof(file));
        var footerStart = file.Length - 1 - psLength - (int)ps.FooterLength;
        var footer = Footer.Parser.ParseFrom(file.AsSpan(footerStart, (int)ps.FooterLength));
        var metadata = file.AsSpan(footerStart - (int)ps.MetadataLength, (int)ps.MetadataLength).ToArray();

        using var output = new MemoryStream();
        output.Write(file, 0, (int)footer.Stripes[0].Offset);
        for (var i = 0; i < footer.Stripes.Count; i++)
        {
            var s = footer.Stripes[i];
            var body = (int)(s.IndexLength + s.DataLength);
            var stripeFooter = StripeFooter.Parser.ParseFrom(file.AsSpan((int)s.Offset + body, (int)s.FooterLength));
            editStripeFooter?.Invoke(i, stripeFooter);
            var footerBytes = stripeFooter.ToByteArray();
            var offset = output.Position;
            output.Write(file, (int)s.Offset, body);
            output.Write(footerBytes);
            s.Offset = (ulong)offset;
            s.FooterLength = (ulong)footerBytes.Length;
        }
        output.Write(metadata);
        editFooter?.Invoke(footer);
        var newFooter = footer.ToByteArray();
        output.Write(newFooter);
        ps.FooterLength = (ulong)newFooter.Length;
        ps.MetadataLength = (ulong)metadata.Length;
        editPostScript?.Invoke(ps);
        var newPs = ps.ToByteArray();
        output.Write(newPs);
        output.WriteByte((byte)newPs.Length);
        return output.ToArray();
    }
}
