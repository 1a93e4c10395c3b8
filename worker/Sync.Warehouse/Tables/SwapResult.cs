namespace Sync.Warehouse.Tables;

/// <summary>What a swap did.</summary>
/// <param name="Backup">The backup the old target became, or null when there was no target.</param>
/// <param name="DroppedBackups">Older backups dropped to keep the configured number.</param>
public sealed record SwapResult(string? Backup, IReadOnlyList<string> DroppedBackups);
