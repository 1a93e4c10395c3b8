using Sync.Testing;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Sync.Orc;

namespace Sync.Worker.Tests.Commands;

/// <summary>`orc meta` run as the real worker process says which ZSTD decoder the worker loaded.</summary>
public sealed class OrcMetaProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sync-orc-meta-process-").FullName;

    [Fact]
    public async Task Meta_NamesNativeZstdDecoder_WhenWorkerLoadsThePackagedLibzstd()
    {
        var path = Path.Combine(_dir, "z.orc");
        await WriteSampleAsync(path, OrcCompression.Zstd);

        var (exit, stdout, stderr) = await WorkerProcess.RunAsync("orc", "meta", path);

        Assert.True(exit == 0, $"exit {exit}; stderr: {stderr}");
        Assert.Contains("compression: Zstd", stdout, StringComparison.Ordinal);
        // on Linux with glibc ZstdNet ships libzstd, and the worker's output folder must carry it (runtimes/<rid>/native)
        var expected = RuntimeInformation.RuntimeIdentifier is "linux-x64" or "linux-arm64" ? "zstd decoder: native libzstd (ZstdNet)" : "zstd decoder: ";
        Assert.Contains(expected, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meta_OmitsZstdDecoder_WhenFileIsNotZstd()
    {
        var path = Path.Combine(_dir, "zlib.orc");
        await WriteSampleAsync(path, OrcCompression.Zlib);

        var (exit, stdout, stderr) = await WorkerProcess.RunAsync("orc", "meta", path, "--json");

        Assert.True(exit == 0, $"exit {exit}; stderr: {stderr}");
        Assert.Contains("\"compression\": \"Zlib\"", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("zstdDecoder", stdout, StringComparison.Ordinal);
    }

    private static async Task WriteSampleAsync(string path, OrcCompression compression)
    {
        var ids = new Int64Array.Builder();
        for (var i = 0; i < 100; i++) ids.Append(i);
        var batch = new RecordBatch.Builder().Append("id", false, ids.Build()).Build();
        await using var file = File.Create(path);
        await using var writer = new OrcWriter(file, batch.Schema, new OrcWriterOptions { Compression = compression });
        await writer.WriteAsync(batch);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
