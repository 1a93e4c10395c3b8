// Benchmarks: each prints our figure next to a baseline measured in the same run, and the ratio.
if (args.Length > 0 && args[0] == "orc") return await Sync.Benchmarks.OrcScanBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "orc-scan-one") return await Sync.Benchmarks.OrcScanBenchmark.RunOneAsync(args[1..]);
if (args.Length > 0 && args[0] == "orc-write") return await Sync.Benchmarks.OrcWriteBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "load") return await Sync.Benchmarks.LoadBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "feature-sync") return await Sync.Benchmarks.FeatureSyncBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "scheduler") return await Sync.Benchmarks.SchedulerBenchmark.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "plan") return await Sync.Benchmarks.PlanBenchmark.RunAsync(args[1..]);
Console.Error.WriteLine("usage: Sync.Benchmarks <orc|orc-write|load|feature-sync|scheduler|plan> [options]");
return 2;
