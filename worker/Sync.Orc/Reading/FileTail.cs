using Google.Protobuf;
using Sync.Orc.Compression;
using Sync.Orc.Encoding;
using Sync.Orc.Proto;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>
/// The end of an ORC file: postscript (last byte = its length), footer and metadata (stripe statistics).
/// Every length is checked against the file length before anything is read or allocated.
/// </summary>
internal sealed class FileTail
{
    public const int DefaultBlockSize = 256 * 1024;
    /// <summary>Larger blocks are rejected: no writer uses them, and each chunk may need a buffer this big.</summary>
    public const int MaxBlockSize = 64 * 1024 * 1024;
    private const ulong MaxRowsPerByte = 4096;

    private readonly byte[]? _metadataBytes;
    private readonly BlockDecompressor? _codec;

    private FileTail(string file, long fileLength, PostScript postscript, Footer footer, byte[]? metadataBytes, BlockDecompressor? codec, OrcType schema)
    {
        _metadataBytes = metadataBytes;
        _codec = codec;
        File = file;
        FileLength = fileLength;
        PostScript = postscript;
        Footer = footer;
        Schema = schema;
        Compression = (OrcCompression)(int)postscript.Compression;
        BlockSize = postscript.HasCompressionBlockSize ? (int)postscript.CompressionBlockSize : DefaultBlockSize;
        Version = postscript.Version.Count == 0 ? [0, 11] : [.. postscript.Version];
    }

    public string File { get; }

    public long FileLength { get; }

    public PostScript PostScript { get; }

    public Footer Footer { get; }

    /// <summary>Parses the metadata section (stripe statistics) on demand: a corrupt one must not stop data reads.</summary>
    public Proto.Metadata? ReadMetadata() => _metadataBytes == null
        ? null
        : Parse(Proto.Metadata.Parser, _metadataBytes, 0, _metadataBytes.Length, _codec, BlockSize, new StreamContext(File, null, null, "metadata"));

    public OrcType Schema { get; }

    public OrcCompression Compression { get; }

    public int BlockSize { get; }

    /// <summary>Format version, e.g. [0, 12]; a postscript without one means 0.11.</summary>
    public IReadOnlyList<uint> Version { get; }

    /// <summary>The draft ORC v2 layout (version 1.9999, "UNSTABLE-PRE-2.0"), where decimals of precision ≤ 18 are decimal64.</summary>
    public bool IsUnstablePre20 => Version.Count >= 2 && Version[0] == 1 && Version[1] == 9999;

    public string VersionText => string.Join('.', Version);

    public static async Task<FileTail> ReadAsync(IRangeSource source, int tailReadBytes, CancellationToken ct)
    {
        var file = source.Name;
        var length = source.Length;
        OrcFormatException Error(string detail, string section, Exception? inner = null) => new(detail, file, null, null, section, inner);

        if (length < 4) throw Error($"file size too small ({length} bytes) to be an ORC file", "postscript");
        var tailLength = (int)Math.Min(length, tailReadBytes);
        var tail = new byte[tailLength];
        await source.ReadAsync(length - tailLength, tail, ct).ConfigureAwait(false);

        var psLength = tail[^1];
        if (psLength == 0 || psLength + 1 > length) throw Error($"postscript length {psLength} does not fit a {length}-byte file", "postscript");
        PostScript ps;
        try
        {
            ps = PostScript.Parser.ParseFrom(tail.AsSpan(tailLength - 1 - psLength, psLength));
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw Error($"postscript is not valid: {ex.Message}", "postscript", ex);
        }
        if (ps.Magic != "ORC")
        {
            // very old files carry the magic only at the start
            var head = new byte[3];
            await source.ReadAsync(0, head, ct).ConfigureAwait(false);
            if (head[0] != 'O' || head[1] != 'R' || head[2] != 'C') throw Error("not an ORC file: magic \"ORC\" is missing", "postscript");
        }
        if (!Enum.IsDefined(ps.Compression)) throw Error($"unknown compression kind {(int)ps.Compression}", "postscript");
        if (ps.HasCompressionBlockSize && (ps.CompressionBlockSize == 0 || ps.CompressionBlockSize > MaxBlockSize))
        {
            throw Error($"compression block size {ps.CompressionBlockSize} is outside 1..{MaxBlockSize}", "postscript");
        }
        // cheap rejection of absurd lengths before any allocation
        var available = (ulong)(length - 1 - psLength);
        if (ps.FooterLength == 0 || ps.FooterLength > available) throw Error($"footer length {ps.FooterLength} exceeds the {available} bytes before the postscript", "footer");
        if (ps.MetadataLength > available - ps.FooterLength) throw Error($"metadata length {ps.MetadataLength} exceeds the {available - ps.FooterLength} bytes before the footer", "metadata");

        var footerLength = (int)ps.FooterLength;
        var metadataLength = (int)ps.MetadataLength;
        var sectionStart = length - 1 - psLength - footerLength - metadataLength;
        var sectionLength = footerLength + metadataLength;
        byte[] sections;
        int sectionOffset;
        if (sectionLength + 1 + psLength <= tailLength)
        {
            sections = tail;
            sectionOffset = tailLength - 1 - psLength - sectionLength;
        }
        else
        {
            sections = new byte[sectionLength];
            sectionOffset = 0;
            await source.ReadAsync(sectionStart, sections, ct).ConfigureAwait(false);
        }

        var compression = (OrcCompression)(int)ps.Compression;
        var blockSize = ps.HasCompressionBlockSize ? (int)ps.CompressionBlockSize : DefaultBlockSize;
        var codec = compression == OrcCompression.None ? null : BlockDecompressor.Create(compression);

        var footer = Parse(Footer.Parser, sections, sectionOffset + metadataLength, footerLength, codec, blockSize, new StreamContext(file, null, null, "footer"));
        var metadata = metadataLength > 0 ? sections.AsSpan(sectionOffset, metadataLength).ToArray() : null;

        var schema = OrcType.Build(footer.Types_, detail => Error(detail, "footer"));
        var tailStart = (ulong)sectionStart;
        var index = 0;
        foreach (var s in footer.Stripes)
        {
            var end = s.Offset + s.IndexLength + s.DataLength + s.FooterLength;
            if (s.Offset < 3 || end < s.Offset || end > tailStart || s.FooterLength == 0 || s.FooterLength > int.MaxValue)
            {
                throw new OrcFormatException($"stripe at offset {s.Offset} with length {s.IndexLength}+{s.DataLength}+{s.FooterLength} lies outside the file's data area (3..{tailStart})", file, index, null, null);
            }
            if (s.IndexLength + s.DataLength > int.MaxValue) throw new OrcFormatException("stripe larger than 2 GB", file, index, null, null);
            // run-length encodings pack at most about a thousand values per byte
            if (s.NumberOfRows > (end - s.Offset + 1) * MaxRowsPerByte)
            {
                throw new OrcFormatException($"stripe claims {s.NumberOfRows} rows in {end - s.Offset} bytes", file, index, null, null);
            }
            index++;
        }
        return new FileTail(file, length, ps, footer, metadata, codec, schema);
    }

    /// <summary>Decompresses (when needed) and parses one protobuf section.</summary>
    public static T Parse<T>(MessageParser<T> parser, byte[] buffer, int offset, int length, BlockDecompressor? codec, int blockSize, StreamContext context)
        where T : IMessage<T>
    {
        if (codec == null) return ParseRaw(parser, buffer.AsSpan(offset, length), context);
        var decoded = StreamDecompressor.Decompress(buffer, offset, length, codec, blockSize, context);
        try
        {
            return ParseRaw(parser, decoded.Array.AsSpan(decoded.Offset, decoded.Length), context);
        }
        finally
        {
            if (decoded.Pooled) System.Buffers.ArrayPool<byte>.Shared.Return(decoded.Array);
        }
    }

    private static T ParseRaw<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes, StreamContext context)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw context.Error($"bad {context.Stream}: {ex.Message}", ex);
        }
    }
}
