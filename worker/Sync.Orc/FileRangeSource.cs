using Microsoft.Win32.SafeHandles;

namespace Sync.Orc;

/// <summary>Positional reads from a local file; safe for concurrent reads.</summary>
public sealed class FileRangeSource : IRangeSource, IDisposable
{
    private readonly SafeFileHandle _handle;

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    public FileRangeSource(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Name = path;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.RandomAccess);
        Length = RandomAccess.GetLength(_handle);
    }

    public string Name { get; }

    public long Length { get; }

    public async ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken ct)
    {
        if (offset < 0 || offset + destination.Length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range {offset}+{destination.Length} lies outside {Name} ({Length} bytes)");
        }
        var done = 0;
        while (done < destination.Length)
        {
            var n = await RandomAccess.ReadAsync(_handle, destination[done..], offset + done, ct).ConfigureAwait(false);
            if (n == 0) throw new EndOfStreamException($"{Name} ended at {offset + done} while reading {destination.Length} bytes from {offset}");
            done += n;
        }
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/> synchronously: lets stripe streams be read a window at a time while decoding.</summary>
    internal void Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset + destination.Length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range {offset}+{destination.Length} lies outside {Name} ({Length} bytes)");
        }
        var done = 0;
        while (done < destination.Length)
        {
            var n = RandomAccess.Read(_handle, destination[done..], offset + done);
            if (n == 0) throw new EndOfStreamException($"{Name} ended at {offset + done} while reading {destination.Length} bytes from {offset}");
            done += n;
        }
    }

    public void Dispose() => _handle.Dispose();
}
