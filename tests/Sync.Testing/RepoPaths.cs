namespace Sync.Testing;

/// <summary>Where the repository, its installed test tools and the shared test data are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The folder holding Sync.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>Tools installed by scripts/install-test-deps.sh (s3rver, helm, kubectl).</summary>
    public static string Tools => Path.Combine(Root, ".tools");

    /// <summary>The shared folder beside the checkout (ORC corpus, benchmark files); may be absent.</summary>
    public static string Shared => Environment.GetEnvironmentVariable("SYNC_SHARED_DIR") is { Length: > 0 } s
        ? s
        : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string OrcCorpus => Path.Combine(Shared, "orc-corpus");

    public static bool HasOrcCorpus => File.Exists(Path.Combine(OrcCorpus, "manifest.json"));

    /// <summary>CI sets SYNC_REQUIRE_SERVERS=1 so a missing server fails the run instead of skipping tests.</summary>
    public static bool ServersRequired => Environment.GetEnvironmentVariable("SYNC_REQUIRE_SERVERS") == "1";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sync.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Sync.sln not found above {AppContext.BaseDirectory}");
    }
}
