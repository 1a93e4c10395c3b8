namespace Sync.Storage;

/// <summary>
/// An access key pair for S3 or OSS. The secret never leaves this object as text: <see cref="ToString"/> shows only
/// the access key id, so settings can be logged.
/// </summary>
public sealed class ObjectStoreCredentials
{
    public ObjectStoreCredentials(string accessKey, string secretKey, string? sessionToken = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(secretKey);
        AccessKey = accessKey;
        SecretKey = secretKey;
        SessionToken = string.IsNullOrWhiteSpace(sessionToken) ? null : sessionToken;
    }

    public string AccessKey { get; }

    public string SecretKey { get; }

    /// <summary>Security token of temporary credentials (STS); null for long-term keys.</summary>
    public string? SessionToken { get; }

    /// <summary>Names the access key id only; the secret and the token are hidden.</summary>
    public override string ToString() => $"access key {AccessKey} (secret hidden)";
}
