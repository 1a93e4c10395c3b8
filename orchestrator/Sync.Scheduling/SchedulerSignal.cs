namespace Sync.Scheduling;

/// <summary>
/// Wakes the state machine early: a task finished, a run was created, an operator cleared something. Without it a
/// 1,000-task run would advance one poll interval at a time.
/// </summary>
public sealed class SchedulerSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        // At most one pending wake: one pass sees every change made before it starts.
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>Waits for a wake or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
