using Sync.Orc;

namespace Sync.Worker.Commands;

/// <summary>
/// Reads an ORC file with the public reader and writes its rows back with the public writer, one record batch at
/// a time, so memory stays bounded by a stripe. The output appears only when complete: rows go to a temporary file
/// beside it that is renamed at the end and deleted on failure.
/// </summary>
public static class OrcRewriter
{
    /// <summary>Rewrites <paramref name="input"/> to <paramref name="output"/>; returns the rows written.</summary>
    /// <param name="input">The ORC file to read.</param>
    /// <param name="output">The file to create (replaced if it exists).</param>
    /// <param name="compression">Codec of the output; null keeps the input's (ZLIB when the input's is LZO, which cannot be written).</param>
    /// <param name="stripeSize">Stripe size of the output in bytes; null uses <see cref="OrcWriterOptions.DefaultStripeSize"/>.</param>
    /// <param name="ct">Cancels the copy; the partial output is removed.</param>
    /// <exception cref="OrcFormatException">The input is not valid ORC.</exception>
    public static async Task<long> RewriteAsync(string input, string output, OrcCompression? compression = null, long? stripeSize = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentException.ThrowIfNullOrEmpty(output);
        await using var reader = await OrcReader.OpenFileAsync(input, ct: ct).ConfigureAwait(false);
        var codec = compression ?? (reader.Compression == OrcCompression.Lzo ? OrcCompression.Zlib : reader.Compression);
        var options = new OrcWriterOptions
        {
            Compression = codec,
            StripeSize = stripeSize ?? OrcWriterOptions.DefaultStripeSize,
            CompressionBlockSize = reader.Compression == OrcCompression.None ? OrcWriterOptions.DefaultCompressionBlockSize : reader.CompressionBlockSize,
            RowIndexStride = reader.RowIndexStride > 0 ? reader.RowIndexStride : OrcWriterOptions.DefaultRowIndexStride,
            UserMetadata = CopyMetadata(reader),
        };
        options.Validate();

        var full = Path.GetFullPath(output);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        var done = false;
        try
        {
            long rows;
            var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var writer = new OrcWriter(file, reader.ArrowSchema, options);
                await using (writer.ConfigureAwait(false))
                {
                    await foreach (var batch in reader.ReadBatchesAsync(ct: ct).ConfigureAwait(false))
                    {
                        using (batch) await writer.WriteAsync(batch, ct).ConfigureAwait(false);
                    }
                    await writer.CloseAsync(ct).ConfigureAwait(false);
                    rows = writer.RowsWritten;
                }
            }
            File.Move(temporary, full, overwrite: true);
            done = true;
            return rows;
        }
        finally
        {
            if (!done) File.Delete(temporary);
        }
    }

    private static Dictionary<string, byte[]> CopyMetadata(OrcReader reader)
    {
        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, value) in reader.UserMetadata) metadata[name] = value.ToArray();
        return metadata;
    }
}
