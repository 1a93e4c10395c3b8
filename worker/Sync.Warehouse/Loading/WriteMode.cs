namespace Sync.Warehouse.Loading;

/// <summary>How rows travel to the warehouse.</summary>
public enum WriteMode
{
    /// <summary>Multi-row <c>INSERT IGNORE INTO t (cols) VALUES (...),(...)</c>, each statement capped in bytes and rows.</summary>
    Insert,

    /// <summary><c>LOAD DATA LOCAL INFILE</c> fed from memory, restricted to the clauses AnalyticDB accepts.</summary>
    LoadData,
}
