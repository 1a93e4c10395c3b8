using System.Globalization;
using MySqlConnector;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Source;

/// <summary>
/// The rows of one partition task: <c>CRC32(key) % P = p</c>, or a key range <c>[lo, hi)</c> from the job's bounds.
/// A partition's rows never move to another partition, so each task's position is its own.
/// </summary>
internal sealed class PartitionFilter
{
    private readonly string _sql;
    private readonly object? _low;
    private readonly object? _high;

    private PartitionFilter(int index, int count, string sql, object? low, object? high)
    {
        Index = index;
        Count = count;
        _sql = sql;
        _low = low;
        _high = high;
    }

    public int Index { get; }
    public int Count { get; }

    /// <summary>SQL condition (empty when there is one partition), to be AND-ed to a WHERE.</summary>
    public string Sql => _sql;

    public static PartitionFilter For(FeatureSyncJob job, SourceSchema schema, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, job.Partitions);
        string key = SqlNames.Quote(schema.Columns[schema.KeyOrdinal].Name);
        if (job.Partitions == 1) return new PartitionFilter(0, 1, "", null, null);
        if (job.KeyRangeBounds is { } bounds)
        {
            object? low = index == 0 ? null : KeyValue(schema, bounds[index - 1], job);
            object? high = index == bounds.Count ? null : KeyValue(schema, bounds[index], job);
            string sql = (low, high) switch
            {
                (null, _) => $" AND {key} < @p_hi",
                (_, null) => $" AND {key} >= @p_lo",
                _ => $" AND {key} >= @p_lo AND {key} < @p_hi",
            };
            return new PartitionFilter(index, job.Partitions, sql, low, high);
        }
        return new PartitionFilter(index, job.Partitions, $" AND CRC32({key}) % {job.Partitions.ToString(CultureInfo.InvariantCulture)} = {index.ToString(CultureInfo.InvariantCulture)}", null, null);
    }

    public void AddParameters(MySqlCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_low != null) command.Parameters.AddWithValue("@p_lo", _low);
        if (_high != null) command.Parameters.AddWithValue("@p_hi", _high);
    }

    /// <summary>A key as the parameter value the column compares with: long for integer keys, else the text.</summary>
    public static object KeyValue(SourceSchema schema, string key, FeatureSyncJob job)
    {
        if (!schema.KeyIsInteger) return key;
        return long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FeatureSyncConfigurationException($"job '{job.JobId}': key '{key}' is not an integer, but {schema.QualifiedName}.{schema.Columns[schema.KeyOrdinal].Name} is {schema.Columns[schema.KeyOrdinal].ColumnType}");
    }
}
