namespace Sync.Execution;

/// <summary>
/// Runs one task attempt to its end. Implementations must be idempotent per <see cref="TaskLaunch.AttemptKey"/>:
/// calling <see cref="RunAsync"/> again for an attempt that is already running (e.g. after an orchestrator restart)
/// adopts and waits for it, never starts a second copy.
/// </summary>
public interface ITaskExecutor
{
    string Name { get; }

    Task<TaskOutcome> RunAsync(TaskLaunch launch, CancellationToken cancellationToken);
}
