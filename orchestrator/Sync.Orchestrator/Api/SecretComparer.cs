using System.Security.Cryptography;
using System.Text;

namespace Sync.Orchestrator.Api;

/// <summary>Compares a presented secret with the configured one in time that does not depend on where they differ.</summary>
public static class SecretComparer
{
    public static bool Matches(string? presented, string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (presented is null) return false;
        // Hashing first makes both sides the same length, so the comparison leaks neither content nor length.
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
