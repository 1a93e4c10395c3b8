namespace Sync.Dags;

/// <summary>What a reload of the DAG folder changed.</summary>
public sealed class DagRegistryChangedEventArgs : EventArgs
{
    public DagRegistryChangedEventArgs(IReadOnlyList<string> added, IReadOnlyList<string> changed, IReadOnlyList<string> removed)
    {
        Added = added;
        Changed = changed;
        Removed = removed;
    }

    public IReadOnlyList<string> Added { get; }
    public IReadOnlyList<string> Changed { get; }
    public IReadOnlyList<string> Removed { get; }
}
