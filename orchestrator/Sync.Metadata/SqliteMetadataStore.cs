using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Sync.Metadata;

/// <summary>The default store: one SQLite file (WAL mode), nothing to install. For a single orchestrator.</summary>
public sealed class SqliteMetadataStore : SqlMetadataStore
{
    private readonly string _connectionString;

    /// <param name="databasePath">The database file; its folder is created when missing.</param>
    public SqliteMetadataStore(string databasePath, TimeProvider? time = null) : base(time ?? TimeProvider.System)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // also how long a writer waits for the lock held by another connection
            DefaultTimeout = 60,
        }.ToString();
    }

    public string DatabasePath { get; }

    public override string Provider => "sqlite";

    protected override string SchemaScript => "sqlite.sql";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var conn = new SqliteConnection(_connectionString);
        try
        {
            await conn.OpenAsync(cancellationToken).ConfigureAwait(false);
            // per connection: WAL makes a commit one append; NORMAL skips the fsync per commit (safe under WAL)
            await conn.ExecuteAsync(new CommandDefinition("PRAGMA synchronous = NORMAL", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return conn;
        }
        catch (SqliteException ex)
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"cannot open the SQLite metadata database {DatabasePath}: {ex.Message}", ex);
        }
    }

    protected override async Task BeforeSchemaAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        // journal_mode is a property of the file and cannot change inside a transaction
        await using var conn = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await conn.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
