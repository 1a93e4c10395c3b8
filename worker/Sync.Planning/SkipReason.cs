namespace Sync.Planning;

/// <summary>Why a listed object is not part of the plan.</summary>
public enum SkipReason
{
    /// <summary>Zero bytes: nothing to load (and not a valid ORC file).</summary>
    Empty,

    /// <summary>A job marker such as <c>_SUCCESS</c>.</summary>
    Marker,

    /// <summary>A Hadoop checksum file (<c>*.crc</c>).</summary>
    Checksum,

    /// <summary>A name, or a folder on its path, starts with '.' or '_' (staging, temporary and hidden files).</summary>
    Hidden,
}
