namespace Sync.FeatureSync.State;

/// <summary>
/// Another copy of the partition task took the lease (its token is newer): this copy must stop writing at once.
/// </summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException() { }

    public LeaseLostException(string message) : base(message) { }

    public LeaseLostException(string message, Exception innerException) : base(message, innerException) { }

    public LeaseLostException(string jobId, int partition, long token)
        : base($"job '{jobId}' partition {partition}: lease token {token} was taken over by another copy; this copy stops writing")
    {
        JobId = jobId;
        Partition = partition;
        Token = token;
    }

    public string? JobId { get; }
    public int Partition { get; }

    /// <summary>The token this copy held when it found itself fenced.</summary>
    public long Token { get; }
}
