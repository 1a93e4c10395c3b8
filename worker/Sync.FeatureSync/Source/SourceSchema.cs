using Apache.Arrow;
using Apache.Arrow.Types;
using MySqlConnector;
using Sync.FeatureSync.Jobs;

namespace Sync.FeatureSync.Source;

/// <summary>
/// The source table's columns as read from information_schema, mapped to the Arrow types the ORC writer takes
/// (the project's shared mapping: bigint→Int64, varchar→String, datetime→Timestamp(ns, wall clock), …).
/// </summary>
internal sealed class SourceSchema
{
    private SourceSchema(string database, string table, IReadOnlyList<SourceColumn> columns, int keyOrdinal, int tsOrdinal, bool keyIsInteger, bool keyIsPrimaryKey)
    {
        KeyIsPrimaryKey = keyIsPrimaryKey;
        Database = database;
        Table = table;
        Columns = columns;
        KeyOrdinal = keyOrdinal;
        TimestampOrdinal = tsOrdinal;
        KeyIsInteger = keyIsInteger;
        ArrowSchema = new Schema(columns.Select(c => new Field(c.Name, c.ArrowType, nullable: true)), metadata: null);
    }

    public string Database { get; }
    public string Table { get; }
    public IReadOnlyList<SourceColumn> Columns { get; }
    public int KeyOrdinal { get; }
    public int TimestampOrdinal { get; }

    /// <summary>Integer keys are bound as integers so comparisons stay numeric and use the index.</summary>
    public bool KeyIsInteger { get; }

    public Schema ArrowSchema { get; }

    /// <summary>The key column alone is the primary key: the table is stored in key order (InnoDB's clustered index).</summary>
    public bool KeyIsPrimaryKey { get; }

    public string QualifiedName => $"{Database}.{Table}";

    public static async Task<SourceSchema> LoadAsync(MySqlConnection connection, FeatureSyncJob job, CancellationToken ct)
    {
        string database = job.DatabaseName ?? connection.Database;
        if (string.IsNullOrEmpty(database))
            throw new FeatureSyncConfigurationException($"job '{job.JobId}': table '{job.Table}' names no database and connection '{job.SourceConnection}' has none");
        await using var cmd = new MySqlCommand(
            """
            SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = @db AND TABLE_NAME = @table ORDER BY ORDINAL_POSITION
            """, connection);
        cmd.Parameters.AddWithValue("@db", database);
        cmd.Parameters.AddWithValue("@table", job.TableName);
        var columns = new List<SourceColumn>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                string name = reader.GetString(0);
                string dataType = reader.GetString(1).ToLowerInvariant();
                string columnType = reader.GetString(2).ToLowerInvariant();
                int precision = reader.IsDBNull(3) ? 0 : Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture);
                int scale = reader.IsDBNull(4) ? 0 : Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture);
                columns.Add(new SourceColumn(name, columnType, MapType(job, database, name, dataType, columnType, precision, scale)));
            }
        }
        if (columns.Count == 0)
            throw new FeatureSyncConfigurationException($"job '{job.JobId}': table {database}.{job.TableName} does not exist or has no columns (connection '{job.SourceConnection}')");
        int key = columns.FindIndex(c => string.Equals(c.Name, job.KeyColumn, StringComparison.OrdinalIgnoreCase));
        int ts = columns.FindIndex(c => string.Equals(c.Name, job.TimestampColumn, StringComparison.OrdinalIgnoreCase));
        if (key < 0) throw new FeatureSyncConfigurationException($"job '{job.JobId}': key column '{job.KeyColumn}' is not in {database}.{job.TableName}");
        if (ts < 0) throw new FeatureSyncConfigurationException($"job '{job.JobId}': timestamp column '{job.TimestampColumn}' is not in {database}.{job.TableName}");
        if (columns[ts].ArrowType is not TimestampType)
            throw new FeatureSyncConfigurationException($"job '{job.JobId}': timestamp column {database}.{job.TableName}.{columns[ts].Name} is {columns[ts].ColumnType}, not datetime or timestamp");
        var keyType = columns[key].ArrowType.TypeId;
        bool keyIsInteger = keyType is ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64;
        if (!keyIsInteger && keyType != ArrowTypeId.String)
            throw new FeatureSyncConfigurationException($"job '{job.JobId}': key column {database}.{job.TableName}.{columns[key].Name} is {columns[key].ColumnType}; keys must be signed integers or strings");
        bool keyIsPrimaryKey = await IsPrimaryKeyAsync(connection, database, job.TableName, columns[key].Name, ct).ConfigureAwait(false);
        return new SourceSchema(database, job.TableName, columns, key, ts, keyIsInteger, keyIsPrimaryKey);
    }

    private static async Task<bool> IsPrimaryKeyAsync(MySqlConnection connection, string database, string table, string column, CancellationToken ct)
    {
        await using var cmd = new MySqlCommand(
            "SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = @db AND TABLE_NAME = @table AND INDEX_NAME = 'PRIMARY'", connection);
        cmd.Parameters.AddWithValue("@db", database);
        cmd.Parameters.AddWithValue("@table", table);
        var names = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) names.Add(reader.GetString(0));
        }
        return names.Count == 1 && string.Equals(names[0], column, StringComparison.OrdinalIgnoreCase);
    }

    private static IArrowType MapType(FeatureSyncJob job, string db, string column, string dataType, string columnType, int precision, int scale)
    {
        bool unsigned = columnType.Contains("unsigned", StringComparison.Ordinal);
        return dataType switch
        {
            "tinyint" when columnType.StartsWith("tinyint(1)", StringComparison.Ordinal) && !unsigned => BooleanType.Default,
            "bit" when columnType == "bit(1)" => BooleanType.Default,
            "tinyint" => unsigned ? Int16Type.Default : Int8Type.Default,
            "smallint" => unsigned ? Int32Type.Default : Int16Type.Default,
            "mediumint" => Int32Type.Default,
            "int" or "integer" => unsigned ? Int64Type.Default : Int32Type.Default,
            "bigint" => unsigned ? new Decimal128Type(20, 0) : Int64Type.Default,
            "float" => FloatType.Default,
            "double" or "real" => DoubleType.Default,
            "decimal" or "numeric" when precision <= 28 => new Decimal128Type(precision, scale),
            "char" or "varchar" or "tinytext" or "text" or "mediumtext" or "longtext" or "json" or "enum" or "set" => StringType.Default,
            "binary" or "varbinary" or "tinyblob" or "blob" or "mediumblob" or "longblob" => BinaryType.Default,
            "date" => Date32Type.Default,
            "datetime" or "timestamp" => new TimestampType(TimeUnit.Nanosecond, (string?)null),
            _ => throw new FeatureSyncConfigurationException(
                $"job '{job.JobId}': column {db}.{job.TableName}.{column} has type {columnType}, which feature sync cannot write"),
        };
    }
}
