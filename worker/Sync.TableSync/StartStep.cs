using Sync.Orc;
using Sync.Tasks;
using Sync.Warehouse;
using Sync.Warehouse.Loading;
using Sync.Warehouse.Tables;

namespace Sync.TableSync;

/// <summary>
/// <c>start</c>: checks that the target can be filled from the source (every mismatch listed, before anything is
/// written), drops a stale staging table of this run, and creates the staging table — as a copy of the target's
/// definition when the target exists, else from the first ORC file's schema, the partition columns and the DAG's key,
/// distribution and partition options. Without a business key the table gets <see cref="SurrogateKey"/>.
/// </summary>
internal static class StartStep
{
    public static async Task<TaskResult> RunAsync(StepContext ctx, CancellationToken ct)
    {
        var table = ctx.Table;
        var source = await SourceColumnsAsync(ctx, ct).ConfigureAwait(false);
        var targetExists = await ctx.Catalog.TableExistsAsync(table.TargetTable, ct).ConfigureAwait(false);
        string createStatement;
        string how;
        if (targetExists)
        {
            var targetColumns = await ctx.Catalog.ColumnsAsync(table.TargetTable, ct).ConfigureAwait(false);
            var key = await ctx.Catalog.PrimaryKeyAsync(table.TargetTable, ct).ConfigureAwait(false);
            if (key.Count == 0)
            {
                throw new TableSyncException(
                    $"target table {table.TargetTable} has no primary key: a retried batch could double rows. Add a key or drop the table so the loader creates one");
            }
            if (source != null) ThrowOnMismatches(table.TargetTable, targetColumns, source.Value.Columns);
            createStatement = await ctx.Catalog.CreateStatementCopyingAsync(table.TargetTable, ctx.Staging, ct).ConfigureAwait(false);
            how = $"copy of {table.TargetTable}";
        }
        else
        {
            if (source is null)
            {
                throw new TableSyncException($"no ORC file under {table.Source} and no table {table.TargetTable} to copy: the staging table's columns are unknown");
            }
            var definition = Define(ctx, source.Value.Columns);
            try
            {
                createStatement = ctx.Settings.Dialect.CreateTable(definition);
            }
            catch (WarehouseSchemaException ex)
            {
                throw new TableSyncException($"cannot create {ctx.Staging} for {table.TargetTable}: {ex.Message}", ex);
            }
            how = $"from the schema of {source.Value.File}";
        }

        if (await ctx.Catalog.TableExistsAsync(ctx.Staging, ct).ConfigureAwait(false))
        {
            await ctx.Runner.ExecuteAsync(ctx.Settings.Dialect.DropTable(ctx.Staging), ct).ConfigureAwait(false);
            TableSyncLog.DroppedStaleStaging(ctx.Logger, ctx.Staging);
        }
        await ctx.Runner.ExecuteAsync(createStatement, ct).ConfigureAwait(false);
        TableSyncLog.CreatedStaging(ctx.Logger, ctx.Staging, how);
        return new TaskResult
        {
            Status = "success",
            Details = new Dictionary<string, string> { ["staging"] = ctx.Staging, ["created"] = how },
        };
    }

    private static void ThrowOnMismatches(string target, IReadOnlyList<TargetColumn> columns, IReadOnlyList<WarehouseColumn> source)
    {
        var problems = ColumnCompatibility.Mismatches(target, columns, source.ToDictionary(c => c.Name, c => c.Type));
        if (problems.Count == 0) return;
        var details = new Dictionary<string, string>();
        for (var i = 0; i < problems.Count; i++) details[$"mismatch_{i + 1}"] = problems[i];
        throw new TableSyncException(
            $"schema mismatch, nothing loaded: {problems.Count} column(s) of {target} cannot be filled from the source: {string.Join("; ", problems)}",
            permanent: true, details);
    }

    private static WarehouseTableDefinition Define(StepContext ctx, IReadOnlyList<WarehouseColumn> source)
    {
        var table = ctx.Table;
        var names = source.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = table.PrimaryKey.Concat(table.DistributionKey).Where(k => !names.Contains(k)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new TableSyncException($"table {table.TargetTable}: key column(s) {string.Join(", ", unknown)} are neither ORC nor partition columns");
        }
        var partitionColumn = ctx.Settings.PartitionColumn;
        if (partitionColumn != null && !names.Contains(partitionColumn))
        {
            throw new TableSyncException($"table {table.TargetTable}: partition_column '{partitionColumn}' is neither an ORC nor a partition column");
        }
        IReadOnlyList<string> key = table.PrimaryKey;
        if (key.Count == 0)
        {
            // Surrogate key; AnalyticDB wants the partition column inside the primary key.
            key = partitionColumn != null && ctx.Settings.Dialect.Name == "analyticdb"
                ? [.. SurrogateKey.Columns, partitionColumn]
                : SurrogateKey.Columns;
        }
        var keySet = key.ToHashSet(StringComparer.Ordinal);
        return new WarehouseTableDefinition
        {
            Name = ctx.Staging,
            Columns = source.Select(c => keySet.Contains(c.Name) ? c with { Nullable = false } : c).ToList(),
            PrimaryKey = key,
            DistributionKey = table.DistributionKey,
            PartitionColumn = partitionColumn,
            PartitionExpression = ctx.Settings.PartitionExpression,
            Lifecycle = ctx.Settings.Lifecycle,
        };
    }

    /// <summary>
    /// The columns the source provides: the ORC columns of the first data file that holds rows (a 0-row file often
    /// carries a writer's bare default schema, which batches ignore too; when every file is empty the first one
    /// serves), then the partition columns, then the surrogate key when the table has no business key. Null when
    /// the source has no data file.
    /// </summary>
    private static async Task<(string File, IReadOnlyList<WarehouseColumn> Columns)?> SourceColumnsAsync(StepContext ctx, CancellationToken ct)
    {
        var partitions = ctx.Table.PartitionColumns;
        var partitionNames = partitions.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        (string Uri, Apache.Arrow.Schema Schema)? chosen = null;
        await foreach (var file in DataFilesAsync(ctx, ct).ConfigureAwait(false))
        {
            try
            {
                await using var reader = await ctx.OpenOrcAsync(file, ct).ConfigureAwait(false);
                chosen ??= (file.Uri, reader.ArrowSchema);
                if (reader.NumberOfRows == 0) continue;
                chosen = (file.Uri, reader.ArrowSchema);
                break;
            }
            catch (OrcFormatException ex)
            {
                throw new TableSyncException($"cannot read the schema of {file.Uri}: {ex.Message}", ex);
            }
        }
        if (chosen is not { } source) return null;
        var columns = new List<WarehouseColumn>();
        try
        {
            foreach (var column in ArrowTypeMapping.MapSchema(source.Schema))
            {
                if (!partitionNames.Contains(column.Name)) columns.Add(column);
            }
        }
        catch (WarehouseSchemaException ex)
        {
            throw new TableSyncException($"{source.Uri}: {ex.Message}", ex);
        }
        foreach (var p in partitions) columns.Add(new WarehouseColumn(p.Name, PartitionColumns.TypeOf(p)));
        if (ctx.Table.PrimaryKey.Count == 0) columns.AddRange(SurrogateKey.Definitions);
        return (source.Uri, columns);
    }

    /// <summary>The run's planned data files in plan order; without a plan (a step run by hand), the source listing.</summary>
    private static async IAsyncEnumerable<BatchFile> DataFilesAsync(StepContext ctx, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var planned = (ctx.Spec.AllBatches ?? (ctx.Spec.Batch is { } b ? [b] : [])).SelectMany(batch => batch.Files).Where(DataFiles.IsData).ToList();
        if (planned.Count > 0)
        {
            foreach (var file in planned) yield return file;
            yield break;
        }
        var store = ctx.StoreFor(ctx.Table.Source);
        await foreach (var info in store.ListAsync(ctx.Table.Source, ct).ConfigureAwait(false))
        {
            var file = new BatchFile { Uri = info.Uri, Size = info.Size };
            if (DataFiles.IsData(file) && DataFiles.IsVisible(ctx.Table.Source, info.Uri)) yield return file;
        }
    }
}
