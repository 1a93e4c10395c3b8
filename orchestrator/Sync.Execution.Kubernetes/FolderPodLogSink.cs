namespace Sync.Execution.Kubernetes;

/// <summary>
/// Writes pod logs to a local folder as <c>&lt;dag&gt;/&lt;run&gt;/&lt;task&gt;.&lt;attempt&gt;.log</c>, or to
/// <see cref="TaskLaunch.LogUri"/> when that is a <c>file://</c> URI or an absolute path. Other URIs (object stores)
/// are left to an object-store sink; this one then uses its folder layout. A log appears complete or not at all.
/// </summary>
public sealed class FolderPodLogSink : IPodLogSink
{
    private readonly string _folder;

    public FolderPodLogSink(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
    }

    public async Task<string> SaveAsync(TaskLaunch launch, string podName, Stream log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(log);
        var path = PathFor(launch);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{podName}.{Guid.NewGuid():N}.partial";
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await log.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        return path;
    }

    /// <summary>Where the log of <paramref name="launch"/> is written.</summary>
    public string PathFor(TaskLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (launch.LogUri is { Length: > 0 } uri)
        {
            if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile) return parsed.LocalPath;
            if (Path.IsPathRooted(uri) && !uri.Contains("://", StringComparison.Ordinal)) return uri;
        }
        var spec = launch.Spec;
        return Path.Combine(
            _folder,
            SafeSegment(spec.DagId),
            SafeSegment(spec.RunId),
            $"{SafeSegment(spec.TaskId)}.{spec.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}.log");
    }

    /// <summary>A path segment that cannot climb out of the folder or name a device.</summary>
    private static string SafeSegment(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var segment = new string(chars).Trim('.');
        return segment.Length == 0 ? "_" : segment;
    }
}
