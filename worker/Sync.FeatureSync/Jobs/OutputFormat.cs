namespace Sync.FeatureSync.Jobs;

/// <summary>The file format written to the offline store.</summary>
public enum OutputFormat
{
    /// <summary>RFC 4180 CSV with a header line; NULL is an empty unquoted field, an empty string is <c>""</c>.</summary>
    Csv,

    /// <summary>ORC (the default), written by the project's ORC writer; Hive reads it as the table's files.</summary>
    Orc,
}
