using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using MySqlConnector;

namespace Sync.FeatureSync.Source;

/// <summary>
/// Copies one column of the current row of a data reader into Arrow memory, with typed getters (no boxing by us).
/// The common types write straight into plain arrays sized for the page, which become the page's Arrow buffers as
/// they are: a fraction of the cost of Arrow's builders, which check capacity and set a validity bit per value. The
/// arrays come from <see cref="PooledArrowMemory"/> and go back when the page's batch is disposed (fresh large arrays
/// per page cost a page fault and a page clear per 4 KiB, several percent of a row's cost). One appender fills one page.
/// </summary>
internal abstract class ColumnAppender
{
    /// <summary>Rough bytes held so far: fixed width for numbers, UTF-16 length for text.</summary>
    public long EstimatedBytes { get; protected set; }

    public abstract void Append(MySqlDataReader reader, int ordinal);

    /// <summary>The page's column; its pooled arrays go to <paramref name="memory"/>.</summary>
    public abstract IArrowArray Build(PageMemory memory);

    /// <param name="type">The column's Arrow type.</param>
    /// <param name="capacity">Rows expected (the page limit); arrays grow past it when needed.</param>
    public static ColumnAppender Create(IArrowType type, int capacity = 0) => type switch
    {
        BooleanType => new BooleanAppender(),
        Int8Type => new Int8Appender(capacity),
        Int16Type => new Int16Appender(capacity),
        Int32Type => new Int32Appender(capacity),
        Int64Type => new Int64Appender(capacity),
        FloatType => new FloatAppender(capacity),
        DoubleType => new DoubleAppender(capacity),
        Decimal128Type d => new DecimalAppender(d),
        StringType => new StringAppender(capacity),
        BinaryType => new BinaryAppender(),
        Date32Type => new DateAppender(capacity),
        TimestampType t => new TimestampAppender(t, capacity),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.Name, "no appender for this Arrow type"),
    };

    /// <summary>Validity bits, allocated at the first null only (a column without nulls needs no bitmap).</summary>
    private struct ValidityBits
    {
        private byte[]? _bits;

        public int NullCount { get; private set; }

        public void SetNull(int row)
        {
            if (_bits == null)
            {
                // Every row so far was valid.
                _bits = new byte[Math.Max(64, (row + 8) / 8 * 2)];
                _bits.AsSpan(0, row / 8).Fill(0xFF);
                for (int i = row / 8 * 8; i < row; i++) _bits[i >> 3] |= (byte)(1 << (i & 7));
            }
            else if (row >> 3 >= _bits.Length)
            {
                System.Array.Resize(ref _bits, _bits.Length * 2);
            }
            NullCount++;
        }

        public void SetValid(int row)
        {
            if (_bits == null) return;
            if (row >> 3 >= _bits.Length) System.Array.Resize(ref _bits, _bits.Length * 2);
            _bits[row >> 3] |= (byte)(1 << (row & 7));
        }

        public readonly ArrowBuffer Build(int length) =>
            NullCount == 0 || _bits == null ? ArrowBuffer.Empty : new ArrowBuffer(_bits.AsMemory(0, (length + 7) / 8));
    }

    /// <summary>
    /// Replaces a pooled array (or the empty one an appender starts with, so a page without rows rents nothing) by a
    /// pooled one of at least <paramref name="atLeast"/> bytes, keeping the first <paramref name="used"/>.
    /// </summary>
    private static void Grow(ref byte[] array, int used, int atLeast)
    {
        var bigger = PageMemory.Rent(Math.Max(atLeast, array.Length * 2));
        array.AsSpan(0, used).CopyTo(bigger);
        PageMemory.Return(array);
        array = bigger;
    }

    /// <summary>The first <paramref name="length"/> bytes of a pooled array as an Arrow buffer; the page's memory takes the array back once the batch is written.</summary>
    private static ArrowBuffer Hand(ref byte[] array, int length, PageMemory memory)
    {
        var buffer = new ArrowBuffer(array.AsMemory(0, length));
        memory.Add(array);
        array = [];
        return buffer;
    }

    /// <summary>A fixed-width column: values in a pooled byte array, nulls as zero with a cleared validity bit.</summary>
    internal abstract class FixedWidthAppender<T>(IArrowType type, int capacity) : ColumnAppender where T : unmanaged
    {
        private readonly int _capacity = Math.Max(capacity, 16);
        private byte[] _bytes = [];
        private ValidityBits _validity;
        private int _length;

        public sealed override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) AppendNull();
            else AppendValue(Read(reader, ordinal));
        }

        public void AppendValue(T value)
        {
            Store(value);
            _validity.SetValid(_length - 1);
        }

        private void AppendNull()
        {
            Store(default);
            _validity.SetNull(_length - 1);
        }

        private void Store(T value)
        {
            int size = Unsafe.SizeOf<T>();
            if ((_length + 1) * size > _bytes.Length) Grow(ref _bytes, _length * size, Math.Max(_capacity, _length + 1) * size);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bytes), _length * size), value);
            _length++;
            EstimatedBytes += size;
        }

        public sealed override IArrowArray Build(PageMemory memory)
        {
            var values = Hand(ref _bytes, _length * Unsafe.SizeOf<T>(), memory);
            return ArrowArrayFactory.BuildArray(new ArrayData(type, _length, _validity.NullCount, 0, [_validity.Build(_length), values]));
        }

        protected abstract T Read(MySqlDataReader reader, int ordinal);
    }

    private sealed class Int8Appender(int capacity) : FixedWidthAppender<sbyte>(Int8Type.Default, capacity)
    {
        protected override sbyte Read(MySqlDataReader reader, int ordinal) => reader.GetSByte(ordinal);
    }

    private sealed class Int16Appender(int capacity) : FixedWidthAppender<short>(Int16Type.Default, capacity)
    {
        protected override short Read(MySqlDataReader reader, int ordinal) => reader.GetInt16(ordinal);
    }

    private sealed class Int32Appender(int capacity) : FixedWidthAppender<int>(Int32Type.Default, capacity)
    {
        protected override int Read(MySqlDataReader reader, int ordinal) => reader.GetInt32(ordinal);
    }

    /// <summary>Int64; <see cref="FixedWidthAppender{T}.AppendValue"/> takes a key the page reader already read.</summary>
    internal sealed class Int64Appender(int capacity) : FixedWidthAppender<long>(Int64Type.Default, capacity)
    {
        protected override long Read(MySqlDataReader reader, int ordinal) => reader.GetInt64(ordinal);
    }

    private sealed class FloatAppender(int capacity) : FixedWidthAppender<float>(FloatType.Default, capacity)
    {
        protected override float Read(MySqlDataReader reader, int ordinal) => reader.GetFloat(ordinal);
    }

    private sealed class DoubleAppender(int capacity) : FixedWidthAppender<double>(DoubleType.Default, capacity)
    {
        protected override double Read(MySqlDataReader reader, int ordinal) => reader.GetDouble(ordinal);
    }

    private sealed class DateAppender(int capacity) : FixedWidthAppender<int>(Date32Type.Default, capacity)
    {
        private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;
        protected override int Read(MySqlDataReader reader, int ordinal) => DateOnly.FromDateTime(reader.GetDateTime(ordinal)).DayNumber - EpochDay;
    }

    /// <summary>Wall-clock timestamps as ticks since the Unix epoch in the column's unit; takes a timestamp the page reader already read.</summary>
    internal sealed class TimestampAppender : FixedWidthAppender<long>
    {
        private readonly long _ticksPerUnit;
        private readonly long _unitsPerTick;

        public TimestampAppender(TimestampType type, int capacity) : base(type, capacity)
        {
            (_ticksPerUnit, _unitsPerTick) = type.Unit switch
            {
                TimeUnit.Second => (TimeSpan.TicksPerSecond, 0L),
                TimeUnit.Millisecond => (TimeSpan.TicksPerMillisecond, 0L),
                TimeUnit.Microsecond => (TimeSpan.TicksPerMicrosecond, 0L),
                _ => (0L, 100L),
            };
        }

        /// <summary>The value Arrow's builder stores for the offset-zero DateTimeOffset of <paramref name="value"/> (ticks kept as they are).</summary>
        public long Convert(DateTime value)
        {
            long ticks = value.Ticks - DateTime.UnixEpoch.Ticks;
            return _unitsPerTick != 0 ? ticks * _unitsPerTick : ticks / _ticksPerUnit;
        }

        public void AppendTimestamp(DateTime value) => AppendValue(Convert(value));

        protected override long Read(MySqlDataReader reader, int ordinal) => Convert(reader.GetDateTime(ordinal));
    }

    /// <summary>UTF-8 bytes appended to one buffer, with int32 offsets.</summary>
    private sealed class StringAppender(int capacity) : ColumnAppender
    {
        private readonly int _capacity = Math.Max(capacity, 16);
        private byte[] _offsets = [];
        private byte[] _data = [];
        private ValidityBits _validity;
        private int _length;
        private int _end;

        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (_offsets.Length == 0)
            {
                Grow(ref _offsets, 0, (_capacity + 1) * sizeof(int));
                SetOffset(0, 0);
            }
            else if ((_length + 2) * sizeof(int) > _offsets.Length)
            {
                Grow(ref _offsets, (_length + 1) * sizeof(int), (_length + 2) * sizeof(int));
            }
            if (reader.IsDBNull(ordinal))
            {
                _validity.SetNull(_length);
            }
            else
            {
                var s = reader.GetString(ordinal);
                int max = Encoding.UTF8.GetMaxByteCount(s.Length);
                if (_end + max > _data.Length) Grow(ref _data, _end, Math.Max(_end + max, _capacity * 16));
                _end += Encoding.UTF8.GetBytes(s, _data.AsSpan(_end));
                _validity.SetValid(_length);
                EstimatedBytes += s.Length + 4;
            }
            SetOffset(++_length, _end);
        }

        private void SetOffset(int index, int value) =>
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_offsets), index * sizeof(int)), value);

        public override IArrowArray Build(PageMemory memory)
        {
            var offsets = Hand(ref _offsets, (_length + 1) * sizeof(int), memory);
            var data = Hand(ref _data, _end, memory);
            return new StringArray(_length, offsets, data, _validity.Build(_length), _validity.NullCount, 0);
        }
    }

    private sealed class BooleanAppender : ColumnAppender
    {
        private readonly BooleanArray.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _b.AppendNull(); else _b.Append(reader.GetBoolean(ordinal));
            EstimatedBytes += 1;
        }
        public override IArrowArray Build(PageMemory memory) => _b.Build();
    }

    private sealed class DecimalAppender(Decimal128Type type) : ColumnAppender
    {
        private readonly Decimal128Array.Builder _b = new(type);
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _b.AppendNull();
            else _b.Append(reader.GetFieldType(ordinal) == typeof(ulong) ? reader.GetFieldValue<ulong>(ordinal) : reader.GetDecimal(ordinal));
            EstimatedBytes += 16;
        }
        public override IArrowArray Build(PageMemory memory) => _b.Build();
    }

    private sealed class BinaryAppender : ColumnAppender
    {
        private readonly BinaryArray.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) { _b.AppendNull(); return; }
            var bytes = reader.GetFieldValue<byte[]>(ordinal);
            _b.Append((ReadOnlySpan<byte>)bytes);
            EstimatedBytes += bytes.Length + 4;
        }
        public override IArrowArray Build(PageMemory memory) => _b.Build();
    }
}
