using Sync.Storage.Internal;

namespace Sync.Storage;

/// <summary>
/// How to reach one S3-compatible service (AWS S3, Aliyun OSS, MinIO, s3rver): endpoint, signing region, addressing
/// style and credentials. Comes from the environment, a mounted secret file or a named connection; never from a DAG.
/// </summary>
public sealed record S3ConnectionSettings
{
    /// <summary>Keys understood in secret files and connection strings.</summary>
    public const string EndpointKey = "endpoint";
    public const string RegionKey = "region";
    public const string ForcePathStyleKey = "force_path_style";
    public const string AccessKeyKey = "access_key";
    public const string SecretKeyKey = "secret_key";
    public const string SessionTokenKey = "session_token";

    /// <summary>Signing region when none is configured and none can be derived from the endpoint.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>Service URL, e.g. <c>https://oss-cn-hangzhou.aliyuncs.com</c> or <c>http://127.0.0.1:9000</c>; null means AWS S3.</summary>
    public string? Endpoint { get; init; }

    /// <summary>SigV4 signing region; null derives it from an OSS endpoint (<c>oss-cn-hangzhou</c> → <c>cn-hangzhou</c>) or uses <see cref="DefaultRegion"/>.</summary>
    public string? Region { get; init; }

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), as s3rver and MinIO want; false is virtual-hosted style, as OSS wants.</summary>
    public bool ForcePathStyle { get; init; }

    public ObjectStoreCredentials? Credentials { get; init; }

    /// <summary>The region requests are signed for.</summary>
    public string EffectiveRegion
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(Region)) return Region;
            if (Endpoint != null && System.Uri.TryCreate(Endpoint, UriKind.Absolute, out var u)
                && u.Host.StartsWith("oss-", StringComparison.OrdinalIgnoreCase)
                && u.Host.EndsWith(".aliyuncs.com", StringComparison.OrdinalIgnoreCase))
            {
                var region = u.Host["oss-".Length..u.Host.IndexOf('.', StringComparison.Ordinal)];
                if (region.EndsWith("-internal", StringComparison.OrdinalIgnoreCase)) region = region[..^"-internal".Length];
                return region;
            }
            return DefaultRegion;
        }
    }

    /// <summary>
    /// Reads <paramref name="variablePrefix"/>_ENDPOINT, _REGION, _FORCE_PATH_STYLE, _ACCESS_KEY, _SECRET_KEY,
    /// _SESSION_TOKEN and _CREDENTIALS_FILE (a mounted secret with key=value lines). Variables win over the file.
    /// </summary>
    public static S3ConnectionSettings FromEnvironment(string variablePrefix, Func<string, string?> getEnv)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variablePrefix);
        ArgumentNullException.ThrowIfNull(getEnv);
        var values = new Dictionary<string, (string Value, string Where)>(StringComparer.Ordinal);
        var fileVariable = variablePrefix + "_CREDENTIALS_FILE";
        var file = getEnv(fileVariable);
        if (!string.IsNullOrWhiteSpace(file))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ObjectStoreConfigurationException(fileVariable, $"cannot read the credentials file '{file}': {e.Message}", e);
            }
            values = KeyValueText.Parse(text, file);
        }

        foreach (var key in new[] { EndpointKey, RegionKey, ForcePathStyleKey, AccessKeyKey, SecretKeyKey, SessionTokenKey })
        {
            var variable = variablePrefix + "_" + key.ToUpperInvariant();
            var value = getEnv(variable);
            if (!string.IsNullOrWhiteSpace(value)) values[key] = (value.Trim(), variable);
        }
        return FromValues(values);
    }

    /// <summary>
    /// Parses a connection string or secret-file text of key=value pairs (<c>endpoint</c>, <c>region</c>,
    /// <c>force_path_style</c>, <c>access_key</c>, <c>secret_key</c>, <c>session_token</c>), separated by ';' or new lines.
    /// <paramref name="source"/> names where the text came from, for errors.
    /// </summary>
    public static S3ConnectionSettings Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return FromValues(KeyValueText.Parse(text, source));
    }

    private static S3ConnectionSettings FromValues(Dictionary<string, (string Value, string Where)> values)
    {
        foreach (var (key, (_, where)) in values)
        {
            if (key is not (EndpointKey or RegionKey or ForcePathStyleKey or AccessKeyKey or SecretKeyKey or SessionTokenKey))
                throw new ObjectStoreConfigurationException(where, $"unknown key '{key}' (known: {EndpointKey}, {RegionKey}, {ForcePathStyleKey}, {AccessKeyKey}, {SecretKeyKey}, {SessionTokenKey})");
        }

        string? Get(string key) => values.TryGetValue(key, out var v) && v.Value.Length > 0 ? v.Value : null;

        var pathStyle = false;
        if (values.TryGetValue(ForcePathStyleKey, out var ps) && ps.Value.Length > 0)
        {
            pathStyle = ps.Value.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => throw new ObjectStoreConfigurationException(ps.Where, $"'{ps.Value}' is not a boolean (true/false)"),
            };
        }

        var endpoint = Get(EndpointKey);
        if (endpoint != null && (!System.Uri.TryCreate(endpoint, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https")))
            throw new ObjectStoreConfigurationException(values[EndpointKey].Where, $"endpoint '{endpoint}' is not an http(s) URL");

        var access = Get(AccessKeyKey);
        var secret = Get(SecretKeyKey);
        if ((access == null) != (secret == null))
        {
            var (present, missing) = access == null ? (SecretKeyKey, AccessKeyKey) : (AccessKeyKey, SecretKeyKey);
            throw new ObjectStoreConfigurationException(values[present].Where, $"{present} is set but {missing} is not");
        }

        return new S3ConnectionSettings
        {
            Endpoint = endpoint,
            Region = Get(RegionKey),
            ForcePathStyle = pathStyle,
            Credentials = access != null && secret != null ? new ObjectStoreCredentials(access, secret, Get(SessionTokenKey)) : null,
        };
    }
}
