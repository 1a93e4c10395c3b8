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
    private bool _hasMinimum;
    private Int128 _minimum;
    private Int128 _maximum;
    private Int128 _sum;
    private bool _overflow;

    public DecimalStatisticsBuilder(int scale) => _scale = scale;

    /// <summary>Adds an unscaled value at the column's scale.</summary>
    public void Update(Int128 unscaled)
    {
        if (!_hasMinimum)
        {
            _hasMinimum = true;
            _minimum = unscaled;
            _maximum = unscaled;
        }
        else if (unscaled < _minimum)
        {
            _minimum = unscaled;
        }
        else if (unscaled > _maximum)
        {
            _maximum = unscaled;
        }
        AddToSum(unscaled);
    }

    public override StatisticsBuilder CreateEmpty() => new DecimalStatisticsBuilder(_scale);

    public override void Merge(StatisticsBuilder other)
    {
        base.Merge(other);
        var o = (DecimalStatisticsBuilder)other;
        if (o._hasMinimum)
        {
            if (!_hasMinimum)
            {
                _hasMinimum = true;
                _minimum = o._minimum;
                _maximum = o._maximum;
            }
            else
            {
                if (o._minimum < _minimum) _minimum = o._minimum;
                if (o._maximum > _maximum) _maximum = o._maximum;
            }
        }
        if (o._overflow) _overflow = true;
        else AddToSum(o._sum);
    }

    public override void Reset()
    {
        base.Reset();
        _hasMinimum = false;
        _sum = Int128.Zero;
        _overflow = false;
    }

    protected override void Fill(ColumnStatistics statistics)
    {
        var s = new DecimalStatistics();
        if (_hasMinimum)
        {
            s.Minimum = Format(_minimum, _scale);
            s.Maximum = Format(_maximum, _scale);
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
