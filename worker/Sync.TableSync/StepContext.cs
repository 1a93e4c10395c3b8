using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Sync.Orc;
using Sync.Storage;
using Sync.Tasks;
using Sync.Warehouse.Tables;

namespace Sync.TableSync;

/// <summary>What every step of one task needs: its spec and settings, the staging name, an open warehouse connection and object stores.</summary>
internal sealed class StepContext : IAsyncDisposable
{
    private readonly Dictionary<string, IObjectStore> _stores = new(StringComparer.Ordinal);
    private readonly Func<string, IObjectStore> _openStore;

    private StepContext(TaskSpec spec, TableSettings settings, TableSyncOptions options, MySqlConnection connection, Func<string, IObjectStore> openStore, ILogger logger)
    {
        Spec = spec;
        Settings = settings;
        Options = options;
        Connection = connection;
        _openStore = openStore;
        Logger = logger;
        Staging = TableNames.Staging(spec, settings.Table);
        Runner = new DdlRunner(connection, OnStatement);
        Catalog = new WarehouseCatalog(Runner, settings.Dialect);
    }

    public TaskSpec Spec { get; }
    public TableSettings Settings { get; }
    public TableSyncSpec Table => Settings.Table;
    public TableSyncOptions Options { get; }
    public MySqlConnection Connection { get; }
    public ILogger Logger { get; }
    public string Staging { get; }
    public DdlRunner Runner { get; }
    public WarehouseCatalog Catalog { get; }

    public static async Task<StepContext> OpenAsync(TaskSpec spec, TableSyncOptions options, Func<string, IObjectStore> openStore, ILogger logger, CancellationToken ct)
    {
        var settings = TableSettings.From(spec);
        string connectionString;
        try
        {
            var builder = new MySqlConnectionStringBuilder(options.ResolveConnection(settings.Table.TargetConnection))
            {
                Database = settings.Table.TargetDatabase,
                AllowLoadLocalInfile = true,
            };
            connectionString = builder.ConnectionString;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            throw new TableSyncException($"warehouse connection '{settings.Table.TargetConnection}': {ex.Message}", ex);
        }
        var connection = new MySqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new StepContext(spec, settings, options, connection, openStore, logger);
    }

    /// <summary>The store serving <paramref name="uri"/>, one per scheme and bucket for the task.</summary>
    public IObjectStore StoreFor(string uri)
    {
        var location = ObjectUri.Parse(uri);
        var key = location.Scheme + "://" + location.Bucket;
        // finish reads the footers of many files at once, so the stores are shared between threads
        lock (_stores)
        {
            if (!_stores.TryGetValue(key, out var store)) _stores[key] = store = _openStore(uri);
            return store;
        }
    }

    /// <summary>Opens an ORC file of the source through ranged reads.</summary>
    public Task<OrcReader> OpenOrcAsync(BatchFile file, CancellationToken ct) =>
        OrcReader.OpenAsync(new ObjectRangeSource(StoreFor(file.Uri), file.Uri, file.Size), null, ct);

    private void OnStatement(int number, string sql)
    {
        if (Options.FaultAfterStatement is { } n && n == number)
        {
            // Fault injection for resumability tests: die like a killed pod, without cleanup — by its own hand, or
            // paused here until a test kills it from outside (SIGKILL, as a lost node would).
            var action = Options.FaultPauses ? "pausing until killed" : "killing the process";
            Console.Error.WriteLine($"{TableSyncOptions.FaultAfterStatementVariable}={n}: {action} after statement {number}: {sql}");
            Console.Error.Flush();
            if (Options.FaultPauses) Thread.Sleep(Timeout.Infinite);
            Process.GetCurrentProcess().Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores.Values) (store as IDisposable)?.Dispose();
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
