using Sync.Execution;
using Sync.Tasks;

namespace Sync.Scheduling.Tests.Doubles;

/// <summary>Outcomes as executors report them.</summary>
internal static class Outcomes
{
    public static TaskOutcome Success(long rows = 10) =>
        new() { ExitCode = ExitCodes.Success, Result = new TaskResult { Status = "success", Rows = rows } };

    public static TaskOutcome Retryable(string error = "connection reset") =>
        new() { ExitCode = ExitCodes.Retryable, Result = new TaskResult { Status = "retryable", Error = error } };

    public static TaskOutcome Permanent(string error = "column 'id' is missing") =>
        new() { ExitCode = ExitCodes.Permanent, Result = new TaskResult { Status = "failed", Error = error } };

    public static TaskOutcome OomKilled(ResourceSpec ranWith) =>
        new() { ExitCode = 137, OomKilled = true, Resources = ranWith };
}
