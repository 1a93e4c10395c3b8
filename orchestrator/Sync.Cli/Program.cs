// The admin command line: talks to a running orchestrator over its REST API.
return await Sync.Cli.CliProgram.RunAsync(args);
