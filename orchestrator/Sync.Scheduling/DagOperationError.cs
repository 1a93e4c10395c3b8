namespace Sync.Scheduling;

/// <summary>Why an operation was refused.</summary>
public enum DagOperationError
{
    /// <summary>The DAG, run or task does not exist.</summary>
    NotFound,

    /// <summary>The request clashes with the current state (run exists for that date, task still running, ...).</summary>
    Conflict,

    /// <summary>The request itself is malformed.</summary>
    Invalid,
}
