using System.Globalization;
using Sync.Orc.Proto;

namespace Sync.Orc.Writing;

/// <summary>
/// Minimum, maximum and sum of a decimal column as decimal strings with trailing zeros dropped (as Hive prints
/// them); the sum is left out once it needs more than 38 digits.
/// </summary>
internal sealed class DecimalStatisticsBuilder : StatisticsBuilder
{
    private static readonly Int128 MaxUnscaled = Int128.Parse("99999999999999999999999999999999999999", CultureInfo.InvariantCulture);
    private readonly int _scale;
    private MinMax<Int128> _bounds;
    private Int128 _sum;
    private bool _overflow;

    public DecimalStatisticsBuilder(int scale) => _scale = scale;

    /// <summary>Adds an unscaled value at the column's scale.</summary>
    public void Update(Int128 unscaled)
    {
        _bounds.Update(unscaled);
        AddToSum(unscaled);
    }

    public override StatisticsBuilder CreateEmpty() => new DecimalStatisticsBuilder(_scale);

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (DecimalStatisticsBuilder)other;
        _bounds.Merge(o._bounds);
        if (o._overflow) _overflow = true;
        else AddToSum(o._sum);
    }

    public override void Reset()
    {
        base.Reset();
        _bounds.Reset();
        _sum = Int128.Zero;
        _overflow = false;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new DecimalStatistics();
        if (_bounds.HasValue)
        {
            s.Minimum = Format(_bounds.Minimum, _scale);
            s.Maximum = Format(_bounds.Maximum, _scale);
        }
        if (!_overflow) s.Sum = Format(_sum, _scale);
        statistics.DecimalStatistics = s;
    }

    /// <summary>An unscaled value as a decimal string, without trailing fractional zeros.</summary>
    public static string Format(Int128 unscaled, int scale)
    {
        var negative = unscaled < 0;
        var digits = (negative ? -unscaled : unscaled).ToString(CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            if (digits.Length <= scale) digits = new string('0', scale - digits.Length + 1) + digits;
            var integerPart = digits[..^scale];
            var fraction = digits[^scale..].TrimEnd('0');
            digits = fraction.Length == 0 ? integerPart : integerPart + "." + fraction;
        }
        return negative ? "-" + digits : digits;
    }

    private void AddToSum(Int128 value)
    {
        if (_overflow) return;
        var sum = unchecked(_sum + value);
        var wrapped = ((_sum ^ sum) & (value ^ sum)) < 0;
        if (wrapped || sum > MaxUnscaled || sum < -MaxUnscaled) _overflow = true;
        else _sum = sum;
    }
}
