using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sync.Warehouse.Loading;

/// <summary>
/// The key the loader adds when a table has no business primary key, so that a batch run twice leaves its rows once.
/// <para>
/// Why a (source id, row ordinal) pair rather than one hashed BIGINT: a 64-bit hash of (file, row) collides with a
/// probability near N²/2⁶⁵, about 3% at a billion rows, and a collision would silently drop a row under INSERT IGNORE.
/// The pair cannot collide within a file; source ids are a 64-bit hash of the source URI, so a clash needs two files of
/// one table among ~2⁶⁴. The pair also lets the finish step count rows per source file.
/// </para>
/// <para>
/// Why INSERT IGNORE on this key instead of deleting a batch's rows before re-inserting them: AnalyticDB has no
/// transactions, so a delete-then-insert killed between the two (or a delete that races a still-running earlier attempt
/// of the same batch) can lose or double rows; with a deterministic key, every attempt converges on the same rows.
/// AnalyticDB's plain INSERT already ignores duplicate keys; IGNORE makes MariaDB behave the same.
/// </para>
/// </summary>
public static class SurrogateKey
{
    /// <summary>BIGINT: hash of the source URI.</summary>
    public const string SourceIdColumn = "__sync_file_id";

    /// <summary>BIGINT: 0-based row ordinal within the source file.</summary>
    public const string RowOrdinalColumn = "__sync_row";

    public static IReadOnlyList<string> Columns { get; } = [SourceIdColumn, RowOrdinalColumn];

    /// <summary>The columns as they appear in CREATE TABLE (not null, BIGINT).</summary>
    public static IReadOnlyList<WarehouseColumn> Definitions { get; } =
    [
        new(SourceIdColumn, WarehouseColumnType.BigInt, Nullable: false),
        new(RowOrdinalColumn, WarehouseColumnType.BigInt, Nullable: false),
    ];

    /// <summary>First 8 bytes of SHA-256 of the UTF-8 URI, as a signed BIGINT. Stable across processes and versions.</summary>
    public static long SourceIdFor(string sourceUri)
    {
        ArgumentNullException.ThrowIfNull(sourceUri);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(sourceUri), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }
}
