using System.Text.RegularExpressions;

namespace Sync.Warehouse.Dialects;

/// <summary>
/// The identifier rules both dialects share: lowercase letters, digits and '_', starting with a letter or '_', at most
/// 64 characters (MySQL's limit, below AnalyticDB's 127). Lowercase only because AnalyticDB compares data
/// case-sensitively while MySQL folds names by platform; one spelling avoids two tables that differ only by case.
/// </summary>
public static partial class WarehouseIdentifiers
{
    public const int MaxLength = 64;

    /// <summary>Throws <see cref="WarehouseSchemaException"/> naming <paramref name="what"/> and the rule broken.</summary>
    public static void Validate(string name, string what, IReadOnlySet<string>? reservedWords = null)
    {
        if (string.IsNullOrEmpty(name)) throw new WarehouseSchemaException($"{what} name is empty", [name ?? ""]);
        if (name.Length > MaxLength)
        {
            throw new WarehouseSchemaException(
                $"{what} name '{name}' is {name.Length} characters long; at most {MaxLength} are allowed", [name]);
        }
        if (!Pattern().IsMatch(name))
        {
            throw new WarehouseSchemaException(
                $"{what} name '{name}' is not allowed: use lowercase letters, digits and '_', starting with a letter or '_'", [name]);
        }
        if (reservedWords != null && reservedWords.Contains(name))
        {
            throw new WarehouseSchemaException($"{what} name '{name}' is a reserved word in AnalyticDB; rename it", [name]);
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
