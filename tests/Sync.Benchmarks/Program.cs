// Benchmarks: each prints our figure next to a baseline measured in the same run, and the ratio.
Console.Error.WriteLine("usage: Sync.Benchmarks <orc|load|feature-sync> [options]");
return 2;
