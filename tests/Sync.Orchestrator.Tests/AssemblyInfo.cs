// Hosts under test configure Hangfire's static log provider and job storage; run test classes one at a time so one
// host's disposal never reaches into another test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
