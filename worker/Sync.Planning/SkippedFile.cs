namespace Sync.Planning;

/// <summary>A listed object the plan leaves out, and why.</summary>
public sealed record SkippedFile(string Uri, long Size, SkipReason Reason);
