using Apache.Arrow;
using Apache.Arrow.Types;
using Sync.Orc.Schema;

namespace Sync.Orc.Reading;

/// <summary>Picks the direct or dictionary reader for string, char, varchar and binary columns.</summary>
internal static class StringColumnReaders
{
    public static ColumnReader Create(OrcType type, StripeData stripe)
    {
        var encoding = stripe.Encoding(type.Id);
        var dictionary = encoding.Kind is Proto.ColumnEncoding.Types.Kind.Dictionary or Proto.ColumnEncoding.Types.Kind.DictionaryV2;
        if (dictionary && type.Kind == Proto.Type.Types.Kind.Binary) throw stripe.Error(type.Id, "binary column cannot use dictionary encoding");
        return dictionary ? new DictionaryStringColumnReader(type, stripe) : new DirectStringColumnReader(type, stripe);
    }

    public static IArrowArray Build(OrcType type, int length, ArrowBuffer offsets, ArrowBuffer data, ArrowBuffer validity, int nullCount) =>
        type.Kind == Proto.Type.Types.Kind.Binary
            ? new BinaryArray(BinaryType.Default, length, offsets, data, validity, nullCount, 0)
            : new StringArray(length, offsets, data, validity, nullCount, 0);
}
