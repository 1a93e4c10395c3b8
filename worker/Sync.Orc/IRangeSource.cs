namespace Sync.Orc;

/// <summary>A byte source read by position: a local file, a seekable stream or an object-store object.</summary>
public interface IRangeSource
{
    /// <summary>A name for error messages (path or URI).</summary>
    string Name { get; }

    /// <summary>Total length in bytes.</summary>
    long Length { get; }

    /// <summary>Fills <paramref name="destination"/> completely from <paramref name="offset"/>, or throws.</summary>
    ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct);
}
