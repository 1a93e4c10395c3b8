using System.Globalization;

namespace Sync.Orc.Text;

/// <summary>C printf's <c>%.Ng</c> for doubles: N significant digits, trailing zeros removed, exponent form outside 1e-4..1eN.</summary>
internal static class CFormat
{
    public static string G(double value, int precision)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";
        var e = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var ePos = e.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(e.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var negative = e[0] == '-';
        var mantissa = e.AsSpan(negative ? 1 : 0, ePos - (negative ? 1 : 0));
        Span<char> digits = stackalloc char[mantissa.Length];
        var n = 0;
        foreach (var ch in mantissa)
        {
            if (ch != '.') digits[n++] = ch;
        }
        var d = digits[..n];
        var sb = new System.Text.StringBuilder(32);
        if (negative) sb.Append('-');
        if (exponent < -4 || exponent >= precision)
        {
            sb.Append(d[0]);
            var rest = d[1..].TrimEnd('0');
            if (rest.Length > 0) sb.Append('.').Append(rest);
            sb.Append('e').Append(exponent < 0 ? '-' : '+');
            var abs = Math.Abs(exponent);
            if (abs < 10) sb.Append('0');
            sb.Append(abs.ToString(CultureInfo.InvariantCulture));
        }
        else if (exponent >= 0)
        {
            sb.Append(d[..(exponent + 1)]);
            var frac = d[(exponent + 1)..].TrimEnd('0');
            if (frac.Length > 0) sb.Append('.').Append(frac);
        }
        else
        {
            sb.Append("0.").Append('0', -exponent - 1).Append(d.TrimEnd('0'));
        }
        return sb.ToString();
    }
}
