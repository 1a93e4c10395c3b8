using System.Diagnostics;

namespace Sync.FeatureSync.Tests.Support;

/// <summary>Inserts rows into an <see cref="OnlineTable"/> at a steady rate on a background task, until stopped.</summary>
internal sealed class ConcurrentInserter
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<long> _loop;

    public ConcurrentInserter(OnlineTable table, int rowsPerSecond)
    {
        _loop = Task.Run(async () =>
        {
            long inserted = 0;
            var clock = Stopwatch.StartNew();
            while (!_stop.IsCancellationRequested)
            {
                long due = (long)(clock.Elapsed.TotalSeconds * rowsPerSecond) - inserted;
                if (due > 0)
                {
                    int n = (int)Math.Min(due, 1000);
                    await table.InsertNowAsync(n);
                    inserted += n;
                }
                try { await Task.Delay(20, _stop.Token); } catch (OperationCanceledException) { break; }
            }
            return inserted;
        });
    }

    /// <summary>Stops inserting and returns how many rows were inserted (rethrows an insert failure).</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        return await _loop;
    }
}
