using System.Text;

namespace Sync.FeatureSync.Tests.Support;

/// <summary>An RFC 4180 reader for the tests: a null field is empty and unquoted, an empty string is <c>""</c>.</summary>
internal static class CsvText
{
    public static List<string?[]> Parse(string text)
    {
        var records = new List<string?[]>();
        var fields = new List<string?>();
        var field = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; wasQuoted = true; break;
                case ',': fields.Add(Take(field, ref wasQuoted)); break;
                case '\r': break;
                case '\n':
                    fields.Add(Take(field, ref wasQuoted));
                    records.Add([.. fields]);
                    fields.Clear();
                    break;
                default: field.Append(c); break;
            }
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(Take(field, ref wasQuoted)); records.Add([.. fields]); }
        return records;
    }

    private static string? Take(StringBuilder field, ref bool wasQuoted)
    {
        string? value = field.Length == 0 && !wasQuoted ? null : field.ToString();
        field.Clear();
        wasQuoted = false;
        return value;
    }
}
