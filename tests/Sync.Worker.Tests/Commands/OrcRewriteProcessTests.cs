using Sync.Testing;
using Apache.Arrow;
using Sync.Orc;
using Sync.Worker.Commands;

namespace Sync.Worker.Tests.Commands;

/// <summary>`orc rewrite` run as the real worker process: good files are copied, bad ones exit non-zero with the error on stderr.</summary>
public sealed class OrcRewriteProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sync-orc-rewrite-process-").FullName;

    [Fact]
    public async Task Rewrite_ExitsNonZeroWithErrorOnStderr_WhenInputIsCutInsideAStripe()
    {
        var good = Path.Combine(_dir, "good.orc");
        await WriteSampleAsync(good, rows: 20_000);
        var bytes = await File.ReadAllBytesAsync(good);
        var bad = Path.Combine(_dir, "cut.orc");
        // keep the tail so the file opens, but drop part of the stripe data in front of it
        await File.WriteAllBytesAsync(bad, [.. bytes.AsSpan(0, 3), .. bytes.AsSpan(bytes.Length / 2)]);
        var output = Path.Combine(_dir, "out.orc");

        var (exit, stdout, stderr) = await WorkerProcess.RunAsync("orc", "rewrite", bad, output, "--compression", "zstd");

        Assert.True(exit == OrcCommands.BadFileExitCode, $"exit {exit}; stdout: {stdout}; stderr: {stderr}");
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains(bad, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output), "a failed rewrite must not leave an output file");
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public async Task Rewrite_ExitsNonZeroWithErrorOnStderr_WhenInputIsNotOrc()
    {
        var bad = Path.Combine(_dir, "text.orc");
        await File.WriteAllTextAsync(bad, "id,name\n1,a\n2,b\n");
        var output = Path.Combine(_dir, "out.orc");

        var (exit, _, stderr) = await WorkerProcess.RunAsync("orc", "rewrite", bad, output);

        Assert.Equal(OrcCommands.BadFileExitCode, exit);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains(bad, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Rewrite_RecompressesEveryRow_WhenRunAsAProcess()
    {
        var input = Path.Combine(_dir, "in.orc");
        await WriteSampleAsync(input, rows: 20_000);
        var output = Path.Combine(_dir, "out.orc");

        var (exit, stdout, stderr) = await WorkerProcess.RunAsync("orc", "rewrite", input, output, "--compression", "snappy", "--stripe-size", "100000");

        Assert.True(exit == 0, $"exit {exit}; stderr: {stderr}");
        Assert.Contains("rows: 20000", stdout, StringComparison.Ordinal);
        await using var reader = await OrcReader.OpenFileAsync(output);
        Assert.Equal(OrcCompression.Snappy, reader.Compression);
        Assert.Equal(20_000, reader.NumberOfRows);
        Assert.True(reader.Stripes.Count > 1, $"expected several stripes, got {reader.Stripes.Count}");
        long sum = 0;
        await foreach (var batch in reader.ReadBatchesAsync())
        {
            using (batch)
            {
                var ids = (Int64Array)batch.Column(0);
                for (var i = 0; i < ids.Length; i++) sum += ids.GetValue(i)!.Value;
            }
        }
        Assert.Equal(20_000L * 19_999 / 2, sum);
    }

    [Fact]
    public async Task Rewrite_ExitsNonZero_WhenCompressionIsUnknown()
    {
        var input = Path.Combine(_dir, "in.orc");
        await WriteSampleAsync(input, rows: 10);

        var (exit, _, stderr) = await WorkerProcess.RunAsync("orc", "rewrite", input, Path.Combine(_dir, "out.orc"), "--compression", "lzo");

        Assert.NotEqual(0, exit);
        Assert.Contains("--compression", stderr, StringComparison.Ordinal);
    }

    private static async Task WriteSampleAsync(string path, int rows)
    {
        var ids = new Int64Array.Builder();
        var names = new StringArray.Builder();
        for (var i = 0; i < rows; i++)
        {
            ids.Append(i);
            names.Append($"name {i % 97} {i * 7919 % 10007}");
        }
        var batch = new RecordBatch.Builder().Append("id", false, ids.Build()).Append("name", true, names.Build()).Build();
        await using var file = File.Create(path);
        await using var writer = new OrcWriter(file, batch.Schema, new OrcWriterOptions { Compression = OrcCompression.Zlib, CompressionBlockSize = 4096 });
        await writer.WriteAsync(batch);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
