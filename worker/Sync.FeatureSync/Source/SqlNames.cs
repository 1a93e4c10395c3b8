namespace Sync.FeatureSync.Source;

/// <summary>Quotes identifiers for MySQL/MariaDB.</summary>
internal static class SqlNames
{
    public static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
}
