// Benchmarks: each prints our figure next to a baseline measured in the same run, and the ratio.
if (args.Length > 0 && args[0] == "orc") return await Sync.Benchmarks.OrcScanBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "orc-write") return await Sync.Benchmarks.OrcWriteBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "feature-sync") return await Sync.Benchmarks.FeatureSyncBenchmark.RunAsync(args[1..]);
Console.Error.WriteLine("usage: Sync.Benchmarks <orc|orc-write|load|feature-sync> [options]");
return 2;
