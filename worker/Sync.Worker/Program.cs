// The program every pod runs: `task run`, `orc ...`, feature sync. Commands are wired in as they are built.
return Sync.Worker.WorkerProgram.Run(args);
