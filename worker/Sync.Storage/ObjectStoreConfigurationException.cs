namespace Sync.Storage;

/// <summary>
/// Object-store settings are missing or malformed. <see cref="Setting"/> names the variable, file (and line) or option
/// at fault; values of secrets are never quoted.
/// </summary>
public sealed class ObjectStoreConfigurationException : Exception
{
    public ObjectStoreConfigurationException(string setting, string message, Exception? innerException = null)
        : base($"{setting}: {message}", innerException)
    {
        Setting = setting;
    }

    /// <summary>Where the bad setting came from: an environment variable, a file and line, or an option name.</summary>
    public string Setting { get; }
}
