using System.Numerics;

namespace Sync.Orc.Writing;

/// <summary>
/// The smallest and largest value seen, the part every min/max statistics builder shares. A mutable struct kept in
/// a field of its builder (never copied), so tracking a value costs two comparisons and no allocation.
/// </summary>
internal struct MinMax<T>
    where T : struct, IComparisonOperators<T, T, bool>
{
    public bool HasValue { get; private set; }
    public T Minimum { get; private set; }
    public T Maximum { get; private set; }

    public void Update(T value)
    {
        if (!HasValue)
        {
            HasValue = true;
            Minimum = value;
            Maximum = value;
        }
        else if (value < Minimum)
        {
            Minimum = value;
        }
        else if (value > Maximum)
        {
            Maximum = value;
        }
    }

    public void Merge(in MinMax<T> other)
    {
        if (!other.HasValue) return;
        if (!HasValue)
        {
            this = other;
            return;
        }
        if (other.Minimum < Minimum) Minimum = other.Minimum;
        if (other.Maximum > Maximum) Maximum = other.Maximum;
    }

    public void Reset() => this = default;
}
