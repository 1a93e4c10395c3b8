using System.Globalization;

namespace Sync.Storage;

/// <summary>
/// Settings of the object stores a process opens: how to reach S3 and OSS, and how hard to try. Built from the
/// environment (<see cref="FromEnvironment"/>) or in code; never from a DAG.
/// </summary>
public sealed record ObjectStoreSettings
{
    public const int DefaultListPageSize = 1000;
    public const int MaxListPageSize = 1000;
    public const int DefaultMaxAttempts = 4;
    public const int DefaultRetryBaseDelayMilliseconds = 200;
    public const int DefaultRequestTimeoutSeconds = 60;
    public const int DefaultPartSize = 16 * 1024 * 1024;

    /// <summary>The smallest part S3 and OSS accept in a multipart upload (all parts but the last).</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>Environment variables besides the per-service ones (<c>SYNC_S3_*</c>, <c>SYNC_OSS_*</c>).</summary>
    public const string ListPageSizeVariable = "SYNC_STORAGE_LIST_PAGE_SIZE";
    public const string MaxAttemptsVariable = "SYNC_STORAGE_MAX_ATTEMPTS";
    public const string RequestTimeoutVariable = "SYNC_STORAGE_REQUEST_TIMEOUT_SECONDS";
    public const string PartSizeVariable = "SYNC_STORAGE_PART_SIZE_BYTES";

    /// <summary>Defaults: nothing configured for S3 or OSS (files work without settings).</summary>
    public static ObjectStoreSettings Default { get; } = new();

    /// <summary>How <c>s3://</c> URIs are reached (<c>SYNC_S3_*</c>).</summary>
    public S3ConnectionSettings S3 { get; init; } = new();

    /// <summary>How <c>oss://</c> URIs are reached (<c>SYNC_OSS_*</c>): OSS's S3-compatible endpoint, virtual-hosted style.</summary>
    public S3ConnectionSettings Oss { get; init; } = new();

    /// <summary>Keys asked for per list request (1..1000).</summary>
    public int ListPageSize { get; init; } = DefaultListPageSize;

    /// <summary>Tries per request, the first included; transient failures are retried with exponential backoff.</summary>
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>Delay before the first retry; it doubles per retry (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(DefaultRetryBaseDelayMilliseconds);

    /// <summary>Longest wait for a response, or for the next bytes of a body, before the attempt counts as failed.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(DefaultRequestTimeoutSeconds);

    /// <summary>Puts larger than this go up in parts of this size (multipart upload); at least <see cref="MinPartSize"/>.</summary>
    public int PartSize { get; init; } = DefaultPartSize;

    /// <summary>The connection settings for a URI scheme ("s3" or "oss").</summary>
    public S3ConnectionSettings ForScheme(string scheme) => scheme switch
    {
        ObjectUri.S3Scheme => S3,
        ObjectUri.OssScheme => Oss,
        _ => throw new ArgumentException($"scheme '{scheme}' is not served by an S3 client", nameof(scheme)),
    };

    /// <summary>Reads <c>SYNC_S3_*</c>, <c>SYNC_OSS_*</c> (each with an optional <c>_CREDENTIALS_FILE</c>) and <c>SYNC_STORAGE_*</c>.</summary>
    public static ObjectStoreSettings FromEnvironment(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var settings = new ObjectStoreSettings
        {
            S3 = S3ConnectionSettings.FromEnvironment("SYNC_S3", getEnv),
            Oss = S3ConnectionSettings.FromEnvironment("SYNC_OSS", getEnv),
            ListPageSize = ReadInt(getEnv, ListPageSizeVariable) ?? DefaultListPageSize,
            MaxAttempts = ReadInt(getEnv, MaxAttemptsVariable) ?? DefaultMaxAttempts,
            RequestTimeout = TimeSpan.FromSeconds(ReadInt(getEnv, RequestTimeoutVariable) ?? DefaultRequestTimeoutSeconds),
            PartSize = ReadInt(getEnv, PartSizeVariable) ?? DefaultPartSize,
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Throws <see cref="ObjectStoreConfigurationException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (ListPageSize is < 1 or > MaxListPageSize)
            throw new ObjectStoreConfigurationException(nameof(ListPageSize), $"{ListPageSize} is outside 1..{MaxListPageSize}");
        if (MaxAttempts is < 1 or > 20)
            throw new ObjectStoreConfigurationException(nameof(MaxAttempts), $"{MaxAttempts} is outside 1..20");
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(1))
            throw new ObjectStoreConfigurationException(nameof(RetryBaseDelay), $"{RetryBaseDelay} is outside 0..1 minute");
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromHours(1))
            throw new ObjectStoreConfigurationException(nameof(RequestTimeout), $"{RequestTimeout} is outside (0, 1 hour]");
        if (PartSize < MinPartSize)
            throw new ObjectStoreConfigurationException(nameof(PartSize), $"{PartSize} is below the {MinPartSize}-byte minimum part size");
        ArgumentNullException.ThrowIfNull(S3, nameof(S3));
        ArgumentNullException.ThrowIfNull(Oss, nameof(Oss));
    }

    private static int? ReadInt(Func<string, string?> getEnv, string variable)
    {
        var text = getEnv(variable);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ObjectStoreConfigurationException(variable, $"'{text}' is not an integer");
    }
}
