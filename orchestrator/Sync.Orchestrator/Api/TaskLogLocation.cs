namespace Sync.Orchestrator.Api;

/// <summary>
/// Where an attempt's log lives, as recorded in the task instance: a file this server can serve (a rooted path or
/// a <c>file://</c> URI), or a URI elsewhere (object store) that can only be linked to.
/// </summary>
public sealed record TaskLogLocation
{
    /// <summary>Full path of a local log file, or null when the log is elsewhere.</summary>
    public string? FilePath { get; private init; }

    /// <summary>The recorded location when it is not a local file.</summary>
    public string? RemoteUri { get; private init; }

    /// <summary>Reads a recorded location; null when nothing was recorded.</summary>
    public static TaskLogLocation? Parse(string? recorded)
    {
        if (string.IsNullOrWhiteSpace(recorded)) return null;
        if (Uri.TryCreate(recorded, UriKind.Absolute, out var uri) && uri.IsFile)
            return new TaskLogLocation { FilePath = uri.LocalPath };
        if (Path.IsPathRooted(recorded)) return new TaskLogLocation { FilePath = Path.GetFullPath(recorded) };
        return new TaskLogLocation { RemoteUri = recorded };
    }
}
