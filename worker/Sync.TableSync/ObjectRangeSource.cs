using Sync.Orc;
using Sync.Storage;

namespace Sync.TableSync;

/// <summary>
/// Lets the ORC reader read an object-store object by ranges: each read is one ranged request (retried and resumed by
/// the store), so a file is never downloaded whole and memory stays bounded by what the reader asks for.
/// </summary>
public sealed class ObjectRangeSource : IRangeSource
{
    private readonly IObjectStore _store;

    /// <param name="store">Store serving <paramref name="uri"/>.</param>
    /// <param name="uri">Object URI; also the name in error messages.</param>
    /// <param name="length">Object size as listed (saves a stat request).</param>
    public ObjectRangeSource(IObjectStore store, string uri, long length)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        Name = uri ?? throw new ArgumentNullException(nameof(uri));
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
    }

    public string Name { get; }

    public long Length { get; }

    public ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct)
    {
        if (offset < 0 || offset + destination.Length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"range {offset}+{destination.Length} is outside {Name} ({Length} bytes)");
        }
        return destination.Length == 0 ? ValueTask.CompletedTask : _store.ReadAsync(Name, offset, destination, ct);
    }
}
