using System.Text;
using Sync.Orc.Tests.Support;
using Sync.Testing;

namespace Sync.Orc.Tests;

/// <summary>
/// Seeded random damage to corpus files (bit flips, byte stores, truncations, splices): every mutant must
/// either read completely or fail with OrcFormatException, within a time limit.
/// </summary>
public class OrcReaderMutationTests
{
    private const int Seed = 20_261_123;
    private static readonly TimeSpan PerMutationTimeout = TimeSpan.FromSeconds(20);

    private static readonly string[] Files =
    [
        "TestOrcFile.test1.orc", "TestOrcFile.testStripeLevelStats.orc", "TestOrcFile.testTimestamp.orc",
        "TestOrcFile.testStringAndBinaryStatistics.orc", "TestOrcFile.emptyFile.orc", "orc_no_format.orc",
        "decimal64_v2.orc", "decimal64_v2_cplusplus.orc", "bad_bloom_filter_1.6.11.orc", "orc_split_elim_new.orc",
        "orc_split_elim_cpp.orc", "TestOrcFile.testSargSkipPickupGroupWithoutIndexCPlusPlus.orc",
        "TestOrcFile.testWithoutCompressionBlockSize.orc", "encrypted/sample1.orc", "TestOrcFile.testMemoryManagementV12.orc",
        "orc_index_int_string.orc", "TestOrcFile.testPredicatePushdown.orc", "decimal.orc", "TestOrcFile.testUnionAndTimestamp.orc",
        "TestVectorOrcFile.testZstd.0.12.orc",
    ];

    [OrcCorpusFact]
    public Task ReadBatchesAsync_ReadsOrThrowsOrcFormatException_WhenFilesAreMutated() => RunAsync(2_000, Seed);

    [SlowFact]
    public Task ReadBatchesAsync_ReadsOrThrowsOrcFormatException_WhenManyFilesAreMutated() => RunAsync(50_000, Seed + 1);

    private static async Task RunAsync(int mutations, int seed)
    {
        var originals = Files.Select(f => (Name: f, Bytes: File.ReadAllBytes(CorpusManifest.PathOf(f)))).ToArray();
        var random = new Random(seed);
        var failures = new StringBuilder();
        var failed = 0;
        var rejected = 0;
        for (var i = 0; i < mutations; i++)
        {
            var (name, bytes) = originals[random.Next(originals.Length)];
            var (mutant, description) = Mutate(bytes, random);
            var label = $"#{i} {name}: {description}";
            try
            {
                // ZSTD alternates between native libzstd and the managed port, so damage reaches both
                var options = new OrcReaderOptions { Parallelism = 1, NativeZstd = i % 2 == 0 };
                await Task.Run(() => OrcDumper.DumpAsync(mutant, label, options)).WaitAsync(PerMutationTimeout);
            }
            catch (OrcFormatException ex)
            {
                rejected++;
                if (ex.File != label) Fail($"{label}: exception names file '{ex.File}'");
            }
            catch (TimeoutException)
            {
                Fail($"{label}: no result within {PerMutationTimeout.TotalSeconds} s");
            }
            catch (Exception ex)
            {
                Fail($"{label}: {ex.GetType().Name}: {ex.Message}");
            }
        }
        Assert.True(failed == 0, $"{failed} of {mutations} mutants escaped (rejected cleanly: {rejected}):\n{failures}");
        // the mutations must actually hurt: a run where nothing is rejected tests nothing
        Assert.True(rejected > mutations / 10, $"only {rejected} of {mutations} mutants were rejected");

        void Fail(string message)
        {
            failed++;
            if (failed <= 20) failures.AppendLine(message);
        }
    }

    private static (byte[] Bytes, string Description) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        if (bytes.Length == 0) return (bytes, "empty");
        // the tail holds the lengths and offsets everything else depends on: damage it more often
        int Position() => random.Next(3) == 0 ? Math.Max(0, bytes.Length - 1 - random.Next(Math.Min(bytes.Length, 300))) : random.Next(bytes.Length);
        switch (random.Next(5))
        {
            case 0:
            {
                var flips = 1 + random.Next(8);
                for (var k = 0; k < flips; k++)
                {
                    var p = Position();
                    bytes[p] ^= (byte)(1 << random.Next(8));
                }
                return (bytes, $"{flips} bit flips");
            }
            case 1:
            {
                var p = Position();
                var v = (byte)random.Next(256);
                bytes[p] = v;
                return (bytes, $"byte {p} = {v}");
            }
            case 2:
            {
                var length = random.Next(bytes.Length);
                return (bytes[..length], $"truncated to {length}");
            }
            case 3:
            {
                var from = random.Next(bytes.Length);
                var to = random.Next(bytes.Length);
                var length = Math.Min(1 + random.Next(64), Math.Min(bytes.Length - from, bytes.Length - to));
                Array.Copy(original, from, bytes, to, length);
                return (bytes, $"splice {length} bytes {from} -> {to}");
            }
            default:
            {
                var from = random.Next(bytes.Length);
                var length = Math.Min(1 + random.Next(64), bytes.Length - from);
                var cut = bytes[..from].Concat(bytes[(from + length)..]).ToArray();
                return (cut, $"removed {length} bytes at {from}");
            }
        }
    }
}
