using System.Security.Cryptography;
using System.Text;
using Sync.Tasks;

namespace Sync.TableSync;

/// <summary>Names of the tables one run works with.</summary>
public static class TableNames
{
    /// <summary>Characters the staging suffix adds to the target name.</summary>
    public const int StagingSuffixLength = 13;

    /// <summary>
    /// <c>&lt;target&gt;__stg_&lt;8 hex&gt;</c>, the hash over DAG id and run id: every step of one run finds the same
    /// staging table, and two runs never share one.
    /// </summary>
    public static string Staging(TaskSpec spec, TableSyncSpec table)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(table);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(spec.DagId + "\n" + spec.RunId));
        return table.TargetTable + "__stg_" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }
}
