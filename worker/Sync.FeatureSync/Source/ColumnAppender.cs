using Apache.Arrow;
using Apache.Arrow.Types;
using MySqlConnector;

namespace Sync.FeatureSync.Source;

/// <summary>Copies one column of the current row of a data reader into an Arrow builder, with typed getters (no boxing).</summary>
internal abstract class ColumnAppender
{
    /// <summary>Rough bytes held so far: fixed width for numbers, UTF-16 length for text.</summary>
    public long EstimatedBytes { get; protected set; }

    public abstract void Append(MySqlDataReader reader, int ordinal);

    public abstract IArrowArray Build();

    public static ColumnAppender Create(IArrowType type) => type switch
    {
        BooleanType => new BooleanAppender(),
        Int8Type => new Int8Appender(),
        Int16Type => new Int16Appender(),
        Int32Type => new Int32Appender(),
        Int64Type => new Int64Appender(),
        FloatType => new FloatAppender(),
        DoubleType => new DoubleAppender(),
        Decimal128Type d => new DecimalAppender(d),
        StringType => new StringAppender(),
        BinaryType => new BinaryAppender(),
        Date32Type => new DateAppender(),
        TimestampType t => new TimestampAppender(t),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type.Name, "no appender for this Arrow type"),
    };

    private sealed class BooleanAppender : ColumnAppender
    {
        private readonly BooleanArray.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _b.AppendNull(); else _b.Append(reader.GetBoolean(ordinal));
            EstimatedBytes += 1;
        }
        public override IArrowArray Build() => _b.Build();
    }

    private sealed class Int8Appender : ColumnAppender
    {
        private readonly Int8Array.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _b.AppendNull(); else _b.Append(reader.GetSByte(ordinal));
            EstimatedBytes += 1;
        }
        public override IArrowArray Build() => _b.Build();
    }

    private sealed class Int16Appender : ColumnAppender
    {
        private readonly Int16Array.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _b.AppendNull(); else _b.Append(reader.GetInt16(ordinal));
            EstimatedBytes += 2;
        }
        public override IArrowArray Build() => _b.Build();
    }

    private sealed class Int32Appender : ColumnAppender
    {
        private readonly Int32Array.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _b.AppendNull(); else _b.Append(reader.GetInt32(ordinal));
            EstimatedBytes += 4;
        }
        public override IArrowArray Build() => _b.Build();
    }

    private sealed class Int64Appender : ColumnAppender
    {
        private readonly Int64Array.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _b.AppendNull(); else _b.Append(reader.GetInt64(ordinal));
            EstimatedBytes += 8;
        }
        public override IArrowArray Build() => _b.Build();
    }

    private sealed class FloatAppender : ColumnAppender
    {
        private readonly FloatArray.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _b.AppendNull(); else _b.Append(reader.GetFloat(ordinal));
            EstimatedBytes += 4;
        }
        public override IArrowArray Build() => _b.Build();
    }

    private sealed class DoubleAppender : ColumnAppender
    {
        private readonly DoubleArray.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _b.AppendNull(); else _b.Append(reader.GetDouble(ordinal));
            EstimatedBytes += 8;
        }
        public override IArrowArray Build() => _b.Build();
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
        public override IArrowArray Build() => _b.Build();
    }

    private sealed class StringAppender : ColumnAppender
    {
        private readonly StringArray.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) { _b.AppendNull(); return; }
            var s = reader.GetString(ordinal);
            _b.Append(s);
            EstimatedBytes += s.Length + 4;
        }
        public override IArrowArray Build() => _b.Build();
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
        public override IArrowArray Build() => _b.Build();
    }

    private sealed class DateAppender : ColumnAppender
    {
        private readonly Date32Array.Builder _b = new();
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _b.AppendNull(); else _b.Append(DateOnly.FromDateTime(reader.GetDateTime(ordinal)));
            EstimatedBytes += 4;
        }
        public override IArrowArray Build() => _b.Build();
    }

    private sealed class TimestampAppender(TimestampType type) : ColumnAppender
    {
        private readonly TimestampArray.Builder _b = new(type);
        public override void Append(MySqlDataReader reader, int ordinal)
        {
            // Wall-clock value: the offset-zero DateTimeOffset keeps the ticks as they are.
            if (reader.IsDBNull(ordinal)) _b.AppendNull();
            else _b.Append(new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Unspecified), TimeSpan.Zero));
            EstimatedBytes += 8;
        }
        public override IArrowArray Build() => _b.Build();
    }
}
