using System.Data.Common;
using Dapper;
using Npgsql;

namespace Sync.Metadata;

/// <summary>The production store: PostgreSQL, shared by several orchestrator replicas.</summary>
public sealed class PostgresMetadataStore : SqlMetadataStore, IAsyncDisposable, IDisposable
{
    // any fixed number: replicas starting together take turns creating the schema
    private const long SchemaLockKey = 0x53796e634d657461;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresMetadataStore(string connectionString, TimeProvider? time = null) : base(time ?? TimeProvider.System)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public override string Provider => "postgres";

    protected override string SchemaScript => "postgres.sql";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            var b = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
            throw new InvalidOperationException($"cannot open the PostgreSQL metadata database {b.Database} on {b.Host}:{b.Port}: {ex.Message}", ex);
        }
    }

    protected override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = SchemaLockKey }, transaction, cancellationToken: cancellationToken));

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
