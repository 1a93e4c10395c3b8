using Sync.Orc.Text;

namespace Sync.Orc.Tests.Support;

/// <summary>Reads a whole ORC file from memory and prints it the way `orc dump` does.</summary>
public static class OrcDumper
{
    public static async Task<byte[]> DumpAsync(IRangeSource source, OrcReaderOptions? readerOptions = null, OrcReadOptions? readOptions = null, CancellationToken ct = default)
    {
        await using var reader = await OrcReader.OpenAsync(source, readerOptions, ct);
        using var output = new MemoryStream();
        var printer = new OrcJsonRowPrinter(output);
        await foreach (var batch in reader.ReadBatchesAsync(readOptions, ct))
        {
            using (batch) printer.Write(batch);
        }
        printer.Flush();
        return output.ToArray();
    }

    public static Task<byte[]> DumpAsync(byte[] file, string name, OrcReaderOptions? readerOptions = null, OrcReadOptions? readOptions = null, CancellationToken ct = default) =>
        DumpAsync(new StreamRangeSource(new MemoryStream(file, writable: false), name), readerOptions, readOptions, ct);
}
