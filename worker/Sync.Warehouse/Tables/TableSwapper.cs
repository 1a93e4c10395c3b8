using System.Globalization;
using Sync.Warehouse.Dialects;

namespace Sync.Warehouse.Tables;

/// <summary>
/// Moves a staging table into the target's place, keeping the old target as <c>&lt;target&gt;__bak_&lt;n&gt;</c> (n grows
/// by one per swap) and dropping all but the newest K backups.
/// <para>
/// Resumable: each step is recognisable afterwards by which tables exist, so a swap killed between any two statements
/// and run again converges. With staging present and target present, the swap has not started; staging present and
/// target absent means the target was renamed away (ADB's first step) or never existed — either way the next step is
/// staging → target. Staging absent is the caller's case to judge (already swapped, or never created).
/// </para>
/// </summary>
public sealed class TableSwapper
{
    private const string BackupInfix = "__bak_";

    private readonly DdlRunner _runner;
    private readonly IWarehouseDialect _dialect;
    private readonly WarehouseCatalog _catalog;

    public TableSwapper(DdlRunner runner, IWarehouseDialect dialect)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
        _catalog = new WarehouseCatalog(runner, dialect);
    }

    /// <summary>The backup name with number <paramref name="n"/>.</summary>
    public static string BackupName(string target, int n) => target + BackupInfix + n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Swaps <paramref name="staging"/> in as <paramref name="target"/>; the staging table must exist.</summary>
    public async Task<SwapResult> SwapAsync(string target, string staging, int keepBackups, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepBackups);
        if (!await _catalog.TableExistsAsync(staging, ct).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"staging table '{staging}' does not exist; nothing to swap into '{target}'");
        }
        string? backup = null;
        if (await _catalog.TableExistsAsync(target, ct).ConfigureAwait(false))
        {
            var backups = await BackupsAsync(target, ct).ConfigureAwait(false);
            backup = BackupName(target, backups.Count == 0 ? 1 : backups[0].Number + 1);
            _dialect.ValidateIdentifier(backup, "backup table");
            foreach (var statement in _dialect.SwapStatements(target, staging, backup))
            {
                await _runner.ExecuteAsync(statement, ct).ConfigureAwait(false);
            }
        }
        else
        {
            await _runner.ExecuteAsync(_dialect.RenameTable(staging, target), ct).ConfigureAwait(false);
        }
        var dropped = await PruneBackupsAsync(target, keepBackups, ct).ConfigureAwait(false);
        return new SwapResult(backup, dropped);
    }

    /// <summary>Drops all but the newest <paramref name="keep"/> backups of <paramref name="target"/>; returns the dropped names.</summary>
    public async Task<IReadOnlyList<string>> PruneBackupsAsync(string target, int keep, CancellationToken ct)
    {
        var dropped = new List<string>();
        foreach (var (name, _) in (await BackupsAsync(target, ct).ConfigureAwait(false)).Skip(keep))
        {
            await _runner.ExecuteAsync(_dialect.DropTable(name), ct).ConfigureAwait(false);
            dropped.Add(name);
        }
        return dropped;
    }

    /// <summary>Backups of <paramref name="target"/>, newest (highest number) first.</summary>
    public async Task<IReadOnlyList<(string Name, int Number)>> BackupsAsync(string target, CancellationToken ct)
    {
        var prefix = target + BackupInfix;
        var found = new List<(string, int)>();
        foreach (var name in await _catalog.TablesStartingWithAsync(prefix, ct).ConfigureAwait(false))
        {
            if (int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) found.Add((name, n));
        }
        return found.OrderByDescending(b => b.Item2).ToList();
    }
}
