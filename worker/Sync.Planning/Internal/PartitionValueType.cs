using System.Globalization;

namespace Sync.Planning.Internal;

/// <summary>Checks that a partition value from a path parses as the column's declared Hive type.</summary>
internal static class PartitionValueType
{
    public const string SupportedTypes =
        "string, varchar(n), char(n), tinyint, smallint, int, bigint, float, double, decimal(p,s), boolean, date, timestamp";

    public static bool IsSupported(string? type) => type != null && Check(type, null) != Verdict.Unsupported;

    /// <summary>True when <paramref name="value"/> parses as <paramref name="type"/>; null (the default partition) always does.</summary>
    public static bool IsValid(string type, string? value) => value == null || Check(type, value) == Verdict.Valid;

    private enum Verdict
    {
        Valid,
        Invalid,
        Unsupported,
    }

    // With a null value only the type is checked.
    private static Verdict Check(string type, string? value)
    {
        var text = type.Trim().ToLowerInvariant();
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var name = open < 0 ? text : text[..open].Trim();
        var args = open < 0 ? "" : text[(open + 1)..].TrimEnd(')', ' ');
        var ok = name switch
        {
            "string" or "varchar" or "char" => (bool?)true,
            "tinyint" => value == null || sbyte.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "smallint" => value == null || short.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "int" or "integer" => value == null || int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "bigint" => value == null || long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "float" or "double" => value == null || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "decimal" or "numeric" => CheckDecimal(args, value),
            "boolean" => value == null || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase),
            "date" => value == null || DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "timestamp" => value == null || IsTimestamp(value),
            _ => null,
        };
        return ok switch
        {
            null => Verdict.Unsupported,
            true => Verdict.Valid,
            false => Verdict.Invalid,
        };
    }

    private static bool? CheckDecimal(string args, string? value)
    {
        var precision = 10;
        var scale = 0;
        if (args.Length > 0)
        {
            var parts = args.Split(',');
            if (parts.Length > 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out precision)
                || (parts.Length == 2 && !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out scale))
                || precision is < 1 or > 38 || scale < 0 || scale > precision)
            {
                return null;
            }
        }
        if (value == null) return true;
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)) return false;
        var unsigned = value.TrimStart('-', '+');
        var dot = unsigned.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = (dot < 0 ? unsigned : unsigned[..dot]).TrimStart('0').Length;
        var fractionDigits = dot < 0 ? 0 : unsigned.Length - dot - 1;
        return fractionDigits <= scale && integerDigits <= precision - scale;
    }

    // yyyy-MM-dd HH:mm:ss with up to nine fractional digits, as Hive writes timestamps.
    private static bool IsTimestamp(string value)
    {
        if (value.Length < 19) return false;
        if (!DateTime.TryParseExact(value.AsSpan(0, 19), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return false;
        if (value.Length == 19) return true;
        if (value[19] != '.' || value.Length == 20 || value.Length > 29) return false;
        foreach (var c in value.AsSpan(20))
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        return true;
    }
}
