using Sync.Orc.Tests.Support;
using Sync.Testing;

namespace Sync.Orc.Tests;

/// <summary>Every corpus file decodes to exactly the reference reader's output; every must-fail file fails cleanly.</summary>
public class OrcReaderCorpusTests
{
    [OrcCorpusTheory]
    [MemberData(nameof(CorpusManifest.Readable), MemberType = typeof(CorpusManifest))]
    public async Task ReadBatchesAsync_MatchesReferenceOutput_WhenReadingCorpusFile(string file, string expected)
    {
        using var source = new FileRangeSource(CorpusManifest.PathOf(file));
        var actual = await OrcDumper.DumpAsync(source);
        AssertSameLines(CorpusManifest.ReadExpected(expected), actual, file);
    }

    [OrcCorpusTheory]
    [MemberData(nameof(CorpusManifest.Readable), MemberType = typeof(CorpusManifest))]
    public async Task ReadBatchesAsync_MatchesReferenceOutput_WhenBatchesAreSmallAndSingleThreaded(string file, string expected)
    {
        using var source = new FileRangeSource(CorpusManifest.PathOf(file));
        var actual = await OrcDumper.DumpAsync(source, new OrcReaderOptions { Parallelism = 1, CoalesceGapBytes = 0 }, new OrcReadOptions { MaxBatchRows = 777 });
        AssertSameLines(CorpusManifest.ReadExpected(expected), actual, file);
    }

    [OrcCorpusTheory]
    [MemberData(nameof(CorpusManifest.MustFail), MemberType = typeof(CorpusManifest))]
    public async Task ReadBatchesAsync_ThrowsOrcFormatException_WhenFileIsCorrupt(string file, string referenceError)
    {
        Assert.False(string.IsNullOrEmpty(referenceError));
        var path = CorpusManifest.PathOf(file);
        using var source = new FileRangeSource(path);
        var ex = await Assert.ThrowsAsync<OrcFormatException>(() => OrcDumper.DumpAsync(source));
        Assert.Equal(path, ex.File);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(ex.Detail));
    }

    private static void AssertSameLines(byte[] expected, byte[] actual, string file)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var e = System.Text.Encoding.UTF8.GetString(expected).Split('\n');
        var a = System.Text.Encoding.UTF8.GetString(actual).Split('\n');
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            Assert.True(e[i] == a[i], $"{file} line {i + 1}:\nexpected {e[i]}\nactual   {a[i]}");
        }
        Assert.Fail($"{file}: expected {e.Length} lines, got {a.Length}");
    }
}
