namespace Sync.Worker;

/// <summary>Entry point of the worker: dispatches to the command groups.</summary>
public static class WorkerProgram
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("usage: worker <task|orc|feature-sync> ...");
        return 2;
    }
}
