using System.Collections.Concurrent;
using System.Globalization;
using Sync.Orc;
using Sync.Tasks;
using Sync.Warehouse.Loading;
using Sync.Warehouse.Tables;

namespace Sync.TableSync;

/// <summary>
/// <c>finish</c>: counts the rows every batch should have loaded from the ORC footers (footers only), compares with the
/// staging table and refuses to swap on any difference, naming the batches that differ (per source file through the
/// surrogate key's source id). Then swaps staging into place and keeps the newest backups.
/// <para>
/// Resumable: a finish killed between any two statements converges when run again. Staging still present means the
/// swap has not completed (<see cref="TableSwapper"/> picks up from the tables that exist); staging gone while the
/// target holds exactly this run's row count means the swap happened and only backup pruning may remain.
/// </para>
/// </summary>
internal static class FinishStep
{
    private sealed record FileCount(int Batch, string Uri, long SourceId, long Rows);

    public static async Task<TaskResult> RunAsync(StepContext ctx, CancellationToken ct)
    {
        var batches = ctx.Spec.AllBatches ?? throw new TableSyncException($"task {ctx.Spec.TaskId} is a finish step without 'allBatches'");
        var files = await CountFootersAsync(ctx, batches, ct).ConfigureAwait(false);
        var expected = files.Sum(f => f.Rows);
        var target = ctx.Table.TargetTable;
        var swapper = new TableSwapper(ctx.Runner, ctx.Settings.Dialect);
        var details = new Dictionary<string, string>
        {
            ["staging"] = ctx.Staging,
            ["expected_rows"] = expected.ToString(CultureInfo.InvariantCulture),
        };

        if (!await ctx.Catalog.TableExistsAsync(ctx.Staging, ct).ConfigureAwait(false))
        {
            if (await ctx.Catalog.TableExistsAsync(target, ct).ConfigureAwait(false)
                && await ctx.Catalog.CountRowsAsync(target, ct).ConfigureAwait(false) == expected)
            {
                TableSyncLog.AlreadySwapped(ctx.Logger, target, expected, ctx.Staging);
                var dropped = await swapper.PruneBackupsAsync(target, ctx.Table.KeepBackups, ct).ConfigureAwait(false);
                details["already_swapped"] = "true";
                details["dropped_backups"] = string.Join(",", dropped);
                return new TaskResult { Status = "success", Rows = expected, Files = files.Count, Details = details };
            }
            throw new TableSyncException(
                $"staging table {ctx.Staging} does not exist and {target} does not hold this run's {expected} rows: run start and the batches again",
                permanent: true, details);
        }

        var actual = await ctx.Catalog.CountRowsAsync(ctx.Staging, ct).ConfigureAwait(false);
        details["staging_rows"] = actual.ToString(CultureInfo.InvariantCulture);
        if (actual != expected)
        {
            await DescribeDifferencesAsync(ctx, files, batches, details, ct).ConfigureAwait(false);
            throw new TableSyncException(
                $"refusing to swap {ctx.Staging} into {target}: it holds {actual} rows, the ORC footers of the run's {files.Count} file(s) say {expected}; " +
                (details.TryGetValue("differing_batches", out var which) ? $"batches differing: {which}" : "rows cannot be attributed to batches (the table has a business key)"),
                permanent: true, details);
        }

        var result = await swapper.SwapAsync(target, ctx.Staging, ctx.Table.KeepBackups, ct).ConfigureAwait(false);
        TableSyncLog.Swapped(ctx.Logger, ctx.Staging, target, result.Backup ?? "(none: no previous table)", string.Join(",", result.DroppedBackups));
        details["backup"] = result.Backup ?? "";
        details["dropped_backups"] = string.Join(",", result.DroppedBackups);
        return new TaskResult { Status = "success", Rows = expected, Files = files.Count, Details = details };
    }

    private static async Task<List<FileCount>> CountFootersAsync(StepContext ctx, IReadOnlyList<BatchSpec> batches, CancellationToken ct)
    {
        var work = batches.SelectMany(b => b.Files.Where(DataFiles.IsData).Select(f => (Batch: b.Index, File: f))).ToList();
        var counts = new ConcurrentBag<FileCount>();
        var corrupt = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = ctx.Options.FooterParallelism, CancellationToken = ct }, async (item, token) =>
        {
            try
            {
                await using var reader = await ctx.OpenOrcAsync(item.File, token).ConfigureAwait(false);
                counts.Add(new FileCount(item.Batch, item.File.Uri, SurrogateKey.SourceIdFor(item.File.Uri), reader.NumberOfRows));
            }
            catch (OrcFormatException ex)
            {
                corrupt.Add($"batch {item.Batch}: {item.File.Uri}: {ex.Message}");
            }
        }).ConfigureAwait(false);
        if (!corrupt.IsEmpty)
        {
            var list = corrupt.OrderBy(c => c, StringComparer.Ordinal).ToList();
            throw new TableSyncException($"refusing to swap: {list.Count} ORC file(s) of the run cannot be read: {string.Join("; ", list)}",
                permanent: true, new Dictionary<string, string> { ["corrupt_files"] = string.Join("\n", list) });
        }
        return counts.OrderBy(c => c.Batch).ThenBy(c => c.Uri, StringComparer.Ordinal).ToList();
    }

    private static async Task DescribeDifferencesAsync(StepContext ctx, List<FileCount> files, IReadOnlyList<BatchSpec> batches, Dictionary<string, string> details, CancellationToken ct)
    {
        var columns = (await ctx.Catalog.ColumnsAsync(ctx.Staging, ct).ConfigureAwait(false)).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (!columns.Contains(SurrogateKey.SourceIdColumn)) return;
        var bySource = await ctx.Catalog.CountRowsByAsync(ctx.Staging, SurrogateKey.SourceIdColumn, ct).ConfigureAwait(false);
        var differing = new List<string>();
        foreach (var batch in batches.OrderBy(b => b.Index))
        {
            var mine = files.Where(f => f.Batch == batch.Index).ToList();
            var want = mine.Sum(f => f.Rows);
            var have = mine.Sum(f => bySource.GetValueOrDefault(f.SourceId));
            details[$"batch_{batch.Index}"] = $"expected {want}, staging {have}";
            if (want != have) differing.Add($"batch_{batch.Index} (expected {want}, staging {have})");
        }
        var known = files.Select(f => f.SourceId).ToHashSet();
        var strays = bySource.Where(kv => !known.Contains(kv.Key)).Sum(kv => kv.Value);
        if (strays > 0)
        {
            details["rows_from_unplanned_files"] = strays.ToString(CultureInfo.InvariantCulture);
            differing.Add($"{strays} row(s) from files outside the plan");
        }
        details["differing_batches"] = string.Join(", ", differing);
    }
}
