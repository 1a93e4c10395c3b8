using Apache.Arrow;
using Sync.Orc;
using Sync.Tasks;
using Sync.Warehouse;
using Sync.Warehouse.Loading;

namespace Sync.TableSync;

/// <summary>
/// <c>batch</c>: streams each file of the batch stripe by stripe (ranged reads, only the columns the staging table
/// holds), adds the file's partition values and the surrogate key, and writes the rows through the loader. A rerun of
/// the same batch is safe: every row carries the same primary key as before, and INSERT IGNORE skips rows already there.
/// </summary>
internal static class BatchStep
{
    public static async Task<TaskResult> RunAsync(StepContext ctx, CancellationToken ct)
    {
        var batch = ctx.Spec.Batch ?? throw new TableSyncException($"task {ctx.Spec.TaskId} is a batch step without a 'batch' section");
        if (!await ctx.Catalog.TableExistsAsync(ctx.Staging, ct).ConfigureAwait(false))
        {
            throw new TableSyncException($"staging table {ctx.Staging} does not exist: the run's start step has not created it (or finish already swapped it in)");
        }
        var stagingColumns = (await ctx.Catalog.ColumnsAsync(ctx.Staging, ct).ConfigureAwait(false)).Select(c => c.Name).ToList();
        var surrogate = SurrogateKey.Columns.All(stagingColumns.Contains);
        var loadColumns = stagingColumns.Where(c => !SurrogateKey.Columns.Contains(c)).ToList();
        var partitions = ctx.Table.PartitionColumns.Where(p => loadColumns.Contains(p.Name)).ToList();
        var partitionNames = partitions.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        // Disposed on failure too: a source error mid-file ends the open LOAD DATA stream at a row boundary.
        await using var loader = new WarehouseLoader(ctx.Connection, ctx.Settings.Dialect, ctx.Staging, loadColumns, surrogate, new WarehouseLoaderOptions
        {
            WriteMode = ctx.Settings.WriteMode,
            MaxStatementBytes = ctx.Options.MaxStatementBytes ?? WarehouseLoaderOptions.DefaultMaxStatementBytes,
            MaxLoadDataBytes = ctx.Options.MaxLoadDataBytes ?? WarehouseLoaderOptions.DefaultMaxLoadDataBytes,
        });
        long rows = 0, bytes = 0;
        var files = 0;
        foreach (var file in batch.Files)
        {
            if (!DataFiles.IsData(file))
            {
                TableSyncLog.SkippedEmpty(ctx.Logger, file.Uri);
                continue;
            }
            var fileRows = await LoadFileAsync(ctx, loader, file, loadColumns, partitions, partitionNames, surrogate, ct).ConfigureAwait(false);
            rows += fileRows;
            bytes += file.Size;
            files++;
            TableSyncLog.FileLoaded(ctx.Logger, file.Uri, fileRows, file.Size);
        }
        await loader.FlushAsync(ct).ConfigureAwait(false);
        TableSyncLog.BatchLoaded(ctx.Logger, batch.Index, loader.RowsSent, loader.RowsInserted, loader.Statements, ctx.Settings.WriteMode.ToString());
        return new TaskResult
        {
            Status = "success",
            Rows = rows,
            Bytes = bytes,
            Files = files,
            Details = new Dictionary<string, string>
            {
                ["staging"] = ctx.Staging,
                ["inserted"] = loader.RowsInserted.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["statements"] = loader.Statements.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["write_mode"] = ctx.Settings.WriteMode == WriteMode.Insert ? "insert" : "load-data",
            },
        };
    }

    private static async Task<long> LoadFileAsync(StepContext ctx, WarehouseLoader loader, BatchFile file, List<string> loadColumns,
        List<PartitionColumnSpec> partitions, HashSet<string> partitionNames, bool surrogate, CancellationToken ct)
    {
        try
        {
            await using var reader = await ctx.OpenOrcAsync(file, ct).ConfigureAwait(false);
            // A 0-row file adds nothing; its schema (often a writer's bare default) does not have to match.
            if (reader.NumberOfRows == 0) return 0;
            var orcNames = reader.ArrowSchema.FieldsList.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var missing = loadColumns.Where(c => !partitionNames.Contains(c) && !orcNames.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                throw new TableSyncException($"{file.Uri}: the file has no column(s) {string.Join(", ", missing)} that {ctx.Staging} needs");
            }
            var unloaded = orcNames.Where(n => !loadColumns.Contains(n)).ToList();
            if (unloaded.Count > 0) TableSyncLog.UnloadedColumns(ctx.Logger, string.Join(", ", unloaded), ctx.Staging);

            var read = loadColumns.Where(c => !partitionNames.Contains(c)).ToList();
            var sourceId = SurrogateKey.SourceIdFor(file.Uri);
            long ordinal = 0;
            using var constants = new PartitionConstants(partitions, file, ctx.Settings.DefaultPartitionValue);
            await foreach (var batch in reader.ReadBatchesAsync(new OrcReadOptions { Columns = read, MaxBatchRows = ctx.Options.OrcBatchRows }, ct).ConfigureAwait(false))
            {
                using (batch)
                {
                    await loader.WriteAsync(constants.Append(batch), surrogate ? new RowOrigin(sourceId, ordinal) : null, ct).ConfigureAwait(false);
                    ordinal += batch.Length;
                }
            }
            return ordinal;
        }
        catch (OrcFormatException ex)
        {
            throw new TableSyncException($"corrupt ORC file {file.Uri}: {ex.Message}", ex);
        }
        catch (WarehouseDataException ex)
        {
            throw new TableSyncException($"{file.Uri}: {ex.Message}", ex);
        }
        catch (WarehouseSchemaException ex)
        {
            throw new TableSyncException($"{file.Uri}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Appends a file's partition values to each record batch as constant columns (built once per batch length and owned
    /// here; the combined batch only borrows them). A default partition (null) gets the configured sentinel or NULL.
    /// </summary>
    private sealed class PartitionConstants(List<PartitionColumnSpec> partitions, BatchFile file, string? defaultPartitionValue) : IDisposable
    {
        private readonly Dictionary<int, IArrowArray[]> _byLength = [];

        public void Dispose()
        {
            foreach (var arrays in _byLength.Values) foreach (var array in arrays) array.Dispose();
            _byLength.Clear();
        }

        private string? ValueOf(string column)
        {
            if (!file.Partition.TryGetValue(column, out var value))
            {
                value = file.Partition.FirstOrDefault(kv => string.Equals(kv.Key, column, StringComparison.OrdinalIgnoreCase)).Value;
            }
            return value ?? defaultPartitionValue;
        }

        public RecordBatch Append(RecordBatch batch)
        {
            if (partitions.Count == 0) return batch;
            if (!_byLength.TryGetValue(batch.Length, out var arrays))
            {
                if (_byLength.Count > 4) Dispose();
                arrays = partitions.Select(p => PartitionColumns.Constant(p, ValueOf(p.Name), batch.Length, file.Uri)).ToArray();
                _byLength[batch.Length] = arrays;
            }
            var schema = new Schema.Builder();
            foreach (var field in batch.Schema.FieldsList) schema.Field(field);
            for (var i = 0; i < partitions.Count; i++) schema.Field(new Field(partitions[i].Name, arrays[i].Data.DataType, true));
            return new RecordBatch(schema.Build(), batch.Arrays.Concat(arrays), batch.Length);
        }
    }
}
