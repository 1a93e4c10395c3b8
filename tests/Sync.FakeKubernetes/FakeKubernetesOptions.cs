namespace Sync.FakeKubernetes;

/// <summary>How the fake API server and its kubelet behave.</summary>
public sealed record FakeKubernetesOptions
{
    /// <summary>Default time a pod stays Pending before its container starts.</summary>
    public static readonly TimeSpan DefaultStartDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Default number of watch events kept for resuming watches (older resourceVersions get 410 Gone).</summary>
    public const int DefaultHistoryLimit = 10_000;

    /// <summary>
    /// Maps a container image to its entrypoint as a local command line (the image's ENTRYPOINT), or null when the
    /// image does not exist (the pod then waits with ErrImagePull). The container's <c>command</c>, when set,
    /// replaces the entrypoint as in a real container runtime; <c>args</c> are appended.
    /// </summary>
    public Func<string, IReadOnlyList<string>?> ResolveImage { get; init; } = _ => null;

    /// <summary>Time a pod stays Pending (ContainerCreating) before its process starts.</summary>
    public TimeSpan StartDelay { get; init; } = DefaultStartDelay;

    /// <summary>Watch events kept for resuming watches.</summary>
    public int HistoryLimit { get; init; } = DefaultHistoryLimit;

    /// <summary>Folder under which each pod's process gets its own working directory; null: the system temp folder.</summary>
    public string? WorkRoot { get; init; }

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ResolveImage, nameof(ResolveImage));
        if (StartDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StartDelay), StartDelay, "must not be negative");
        if (HistoryLimit < 1) throw new ArgumentOutOfRangeException(nameof(HistoryLimit), HistoryLimit, "must be at least 1");
    }
}
