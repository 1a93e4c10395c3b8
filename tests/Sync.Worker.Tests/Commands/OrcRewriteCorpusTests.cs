using System.IO.Compression;
using System.Text.Json;
using Sync.Orc;
using Sync.Orc.Text;
using Sync.Testing;

namespace Sync.Worker.Tests.Commands;

/// <summary>
/// `orc rewrite` of every readable corpus file with every codec the writer supports: the rewritten file must dump
/// to exactly the original's expected output.
/// </summary>
public sealed class OrcRewriteCorpusTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sync-orc-rewrite-").FullName;

    public static TheoryData<string, string> Readable()
    {
        var data = new TheoryData<string, string>();
        if (RepoPaths.HasOrcCorpus)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.OrcCorpus, "manifest.json")));
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.TryGetProperty("expected", out var x) && x.ValueKind == JsonValueKind.String) data.Add(e.GetProperty("file").GetString()!, x.GetString()!);
            }
        }
        if (data.Count == 0) data.Add("(corpus absent)", "");
        return data;
    }

    [OrcCorpusTheory]
    [MemberData(nameof(Readable))]
    public async Task Rewrite_DumpsLikeTheOriginal_WhenRewritingCorpusFileWithEveryCodec(string file, string expected)
    {
        var input = Path.Combine(RepoPaths.OrcCorpus, file);
        var want = ReadExpected(Path.Combine(RepoPaths.OrcCorpus, expected));
        foreach (var codec in new[] { "none", "zlib", "snappy", "lz4", "zstd" })
        {
            var output = Path.Combine(_dir, $"{Path.GetFileNameWithoutExtension(file)}.{codec}.orc");
            var exit = WorkerProgram.Run(["orc", "rewrite", input, output, "--compression", codec, "--stripe-size", "65536"]);

            Assert.True(exit == 0, $"{file} with {codec}: exit {exit}");
            await using var reader = await OrcReader.OpenFileAsync(output);
            Assert.Equal(Enum.Parse<OrcCompression>(codec, ignoreCase: true), reader.Compression);
            AssertSameLines(want, await DumpAsync(reader), $"{file} rewritten with {codec}");
        }
    }

    private static async Task<byte[]> DumpAsync(OrcReader reader)
    {
        using var dump = new MemoryStream();
        var printer = new OrcJsonRowPrinter(dump);
        await foreach (var batch in reader.ReadBatchesAsync())
        {
            using (batch) printer.Write(batch);
        }
        printer.Flush();
        return dump.ToArray();
    }

    private static byte[] ReadExpected(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    private static void AssertSameLines(byte[] expected, byte[] actual, string what)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var e = System.Text.Encoding.UTF8.GetString(expected).Split('\n');
        var a = System.Text.Encoding.UTF8.GetString(actual).Split('\n');
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            Assert.True(e[i] == a[i], $"{what} line {i + 1}:\nexpected {e[i]}\nactual   {a[i]}");
        }
        Assert.Fail($"{what}: expected {e.Length} lines, got {a.Length}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
