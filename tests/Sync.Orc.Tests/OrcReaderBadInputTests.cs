using System.Diagnostics;
using Google.Protobuf;
using Sync.Orc.Proto;
using Sync.Orc.Tests.Support;
using Sync.Testing;

namespace Sync.Orc.Tests;

/// <summary>Each kind of damage yields an OrcFormatException that names where it was found.</summary>
public class OrcReaderBadInputTests
{
    private const string Name = "bad.orc";

    [OrcCorpusFact]
    public async Task OpenAsync_ThrowsOrcFormatException_WhenFileIsTruncated()
    {
        var bytes = File.ReadAllBytes(CorpusManifest.PathOf("TestOrcFile.testSnappy.orc"));
        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcDumper.DumpAsync(bytes[..(bytes.Length / 2)], Name));
        Assert.Equal(Name, ex.File);
    }

    [OrcCorpusFact]
    public async Task ReadBatchesAsync_ThrowsOrcFormatException_WhenBytesAreCutFromInsideAStripe()
    {
        var bytes = File.ReadAllBytes(CorpusManifest.PathOf("TestOrcFile.testSnappy.orc"));
        var cut = bytes[..1000].Concat(bytes[2000..]).ToArray();
        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcDumper.DumpAsync(cut, Name));
        Assert.Equal(Name, ex.File);
    }

    [Fact]
    public async Task OpenAsync_RejectsQuickly_WhenPostscriptClaimsATwoGigabyteFooter()
    {
        var ps = new PostScript { FooterLength = 2UL << 30, Compression = CompressionKind.None, Magic = "ORC" };
        ps.Version.Add([0, 12]);
        var psBytes = ps.ToByteArray();
        byte[] file = [.. "ORC"u8, .. new byte[100], .. psBytes, (byte)psBytes.Length];

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(file), Name)));

        Assert.Equal("footer", ex.Stream);
        Assert.Contains("footer length", ex.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 16 * 1024 * 1024);
    }

    [Fact]
    public async Task OpenAsync_ThrowsOrcFormatException_WhenMagicIsMissing()
    {
        var ps = new PostScript { FooterLength = 10, Compression = CompressionKind.None };
        var psBytes = ps.ToByteArray();
        byte[] file = [.. "XYZ"u8, .. new byte[20], .. psBytes, (byte)psBytes.Length];
        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(file), Name)));
        Assert.Contains("magic", ex.Message, StringComparison.Ordinal);
    }

    [OrcCorpusFact]
    public async Task ReadBatchesAsync_NamesStripeColumnAndStream_WhenStreamLengthPassesTheStripeEnd()
    {
        var original = File.ReadAllBytes(CorpusManifest.PathOf("TestOrcFile.testPredicatePushdown.orc"));
        var damaged = OrcFileSurgeon.Rewrite(original, (stripe, footer) =>
        {
            var data = footer.Streams.Last(s => s.Kind == Proto.Stream.Types.Kind.Data);
            data.Length += 1_000_000;
        });

        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcDumper.DumpAsync(damaged, Name));

        Assert.Equal(Name, ex.File);
        Assert.Equal(0, ex.Stripe);
        Assert.NotNull(ex.Column);
        Assert.Equal("DATA", ex.Stream);
        Assert.Contains("passes the end of the stripe", ex.Message, StringComparison.Ordinal);
    }

    [OrcCorpusFact]
    public async Task ReadBatchesAsync_NamesColumn_WhenDictionaryIndexIsOutOfRange()
    {
        var original = File.ReadAllBytes(CorpusManifest.PathOf("orc_split_elim.orc"));
        // string1 is column 2, dictionary-encoded; shrink its dictionary so stored indexes overflow it
        var damaged = OrcFileSurgeon.Rewrite(original, (stripe, footer) => footer.Columns[2].DictionarySize = 1);

        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcDumper.DumpAsync(damaged, Name));

        Assert.Equal(0, ex.Stripe);
        Assert.Equal(2, ex.Column);
        Assert.Equal("DATA", ex.Stream);
        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
    }

    [OrcCorpusFact]
    public async Task ReadBatchesAsync_ThrowsOrcFormatException_WhenStripeFooterIsMissingEncodings()
    {
        var original = File.ReadAllBytes(CorpusManifest.PathOf("TestOrcFile.testPredicatePushdown.orc"));
        var damaged = OrcFileSurgeon.Rewrite(original, (stripe, footer) => footer.Columns.Clear());
        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcDumper.DumpAsync(damaged, Name));
        Assert.Equal(0, ex.Stripe);
        Assert.Contains("column encodings", ex.Message, StringComparison.Ordinal);
    }

    [OrcCorpusFact]
    public async Task OpenAsync_ThrowsOrcFormatException_WhenStripeLiesOutsideTheFile()
    {
        var original = File.ReadAllBytes(CorpusManifest.PathOf("TestOrcFile.testPredicatePushdown.orc"));
        var damaged = OrcFileSurgeon.Rewrite(original, editFooter: footer => footer.Stripes[0].DataLength += 1UL << 40);
        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcDumper.DumpAsync(damaged, Name));
        Assert.Equal(0, ex.Stripe);
    }

    [OrcCorpusFact]
    public async Task OpenAsync_ThrowsOrcFormatException_WhenTypeTreeIsCyclic()
    {
        var original = File.ReadAllBytes(CorpusManifest.PathOf("TestOrcFile.testPredicatePushdown.orc"));
        var damaged = OrcFileSurgeon.Rewrite(original, editFooter: footer => footer.Types_[1].Subtypes.Add(0));
        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcReader.OpenAsync(new StreamRangeSource(new MemoryStream(damaged), Name)));
        Assert.Equal("footer", ex.Stream);
    }
}
