using System.Runtime.InteropServices;

namespace Sync.Orc.Tests.Support;

/// <summary>A fact for platforms the ZstdNet package ships libzstd for (linux-x64/arm64 with glibc, osx, windows); skipped elsewhere.</summary>
public sealed class NativeZstdShippedFactAttribute : FactAttribute
{
    private static readonly string[] ShippedFor = ["linux-x64", "linux-arm64", "osx-x64", "osx-arm64", "win-x64", "win-x86", "win-arm64"];

    public NativeZstdShippedFactAttribute()
    {
        if (!ShippedFor.Contains(RuntimeInformation.RuntimeIdentifier)) Skip = $"ZstdNet ships no libzstd for {RuntimeInformation.RuntimeIdentifier}";
    }
}
