namespace Sync.FeatureSync.Jobs;

/// <summary>
/// A job definition is wrong (bad option, unknown column, YAML error). Retrying does not help. When the definition
/// came from a file, <see cref="File"/>, <see cref="Line"/> and <see cref="Column"/> say where.
/// </summary>
public sealed class FeatureSyncConfigurationException : Exception
{
    public FeatureSyncConfigurationException() { }

    public FeatureSyncConfigurationException(string message) : base(message) { }

    public FeatureSyncConfigurationException(string message, Exception innerException) : base(message, innerException) { }

    public FeatureSyncConfigurationException(string message, string? file, long line, long column, Exception? innerException = null)
        : base(file == null ? $"line {line}, column {column}: {message}" : $"{file}({line},{column}): {message}", innerException)
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The definition file, when there was one.</summary>
    public string? File { get; }

    /// <summary>1-based line in <see cref="File"/>, 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>1-based column in <see cref="File"/>, 0 when unknown.</summary>
    public long Column { get; }
}
