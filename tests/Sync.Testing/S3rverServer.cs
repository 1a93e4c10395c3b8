using Amazon.S3;

namespace Sync.Testing;

/// <summary>
/// A private s3rver (S3-compatible server, the stand-in for OSS) on a free loopback port, storing under a temp folder.
/// Tests create their own buckets through the S3 API.
/// </summary>
public sealed class S3rverServer : IDisposable
{
    /// <summary>s3rver accepts any credentials with these values.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static S3rverServer? _shared;

    private readonly ServerProcess _process;

    private S3rverServer(ServerProcess process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }
    public string Directory { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public static string ScriptPath => Path.Combine(RepoPaths.Tools, "node_modules", "s3rver", "bin", "s3rver.js");

    public static bool IsInstalled => File.Exists(ScriptPath);

    /// <summary>A plain S3 client of this server (path-style, no retries), for test set-up and checks.</summary>
    public AmazonS3Client Client() => new(AccessKey, SecretKey,
        new AmazonS3Config { ServiceURL = Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    /// <summary>Creates a bucket of its own for one test (prefix + random suffix) and returns its name.</summary>
    public async Task<string> CreateBucketAsync(string prefix = "b")
    {
        var bucket = prefix + Guid.NewGuid().ToString("N")[..16];
        using var client = Client();
        await client.PutBucketAsync(bucket);
        return bucket;
    }

    public static string SkipReason => "s3rver is not installed (run scripts/install-test-deps.sh)";

    public static async Task<S3rverServer> GetAsync()
    {
        if (_shared != null) return _shared;
        await StartLock.WaitAsync();
        try
        {
            return _shared ??= await StartAsync();
        }
        finally
        {
            StartLock.Release();
        }
    }

    private static async Task<S3rverServer> StartAsync()
    {
        if (!IsInstalled) throw new InvalidOperationException(SkipReason);
        var dir = Path.Combine(Path.GetTempPath(), "sync-tests", $"s3rver-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        var port = FreePort.Next();
        // s3rver signs ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers in its legacy provider.
        var process = new ServerProcess("node", ["--openssl-legacy-provider", ScriptPath, "-d", dir, "-a", "127.0.0.1", "-p", port.ToString(), "--silent"]);
        await FreePort.WaitListeningAsync(port, TimeSpan.FromSeconds(60), "s3rver", () => process.Output);
        return new S3rverServer(process, port, dir);
    }

    public void Dispose() => _process.Dispose();
}
