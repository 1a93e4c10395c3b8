namespace Sync.Orchestrator.Tests.EndToEnd;

/// <summary>A temporary folder for one test (DAGs, data folder, warehouse files), removed afterwards.</summary>
internal sealed class TestFolder : IDisposable
{
    public TestFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>Creates and returns a sub-folder.</summary>
    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process of a killed orchestrator may still hold a file for a moment; the OS cleans temp folders.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
