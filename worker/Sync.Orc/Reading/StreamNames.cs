using Sync.Orc.Proto;

namespace Sync.Orc.Reading;

/// <summary>Names of stream kinds as the specification writes them.</summary>
internal static class StreamNames
{
    public static string Name(Proto.Stream.Types.Kind kind) => kind switch
    {
        Proto.Stream.Types.Kind.Present => "PRESENT",
        Proto.Stream.Types.Kind.Data => "DATA",
        Proto.Stream.Types.Kind.Length => "LENGTH",
        Proto.Stream.Types.Kind.DictionaryData => "DICTIONARY_DATA",
        Proto.Stream.Types.Kind.DictionaryCount => "DICTIONARY_COUNT",
        Proto.Stream.Types.Kind.Secondary => "SECONDARY",
        Proto.Stream.Types.Kind.RowIndex => "ROW_INDEX",
        Proto.Stream.Types.Kind.BloomFilter => "BLOOM_FILTER",
        Proto.Stream.Types.Kind.BloomFilterUtf8 => "BLOOM_FILTER_UTF8",
        Proto.Stream.Types.Kind.EncryptedIndex => "ENCRYPTED_INDEX",
        Proto.Stream.Types.Kind.EncryptedData => "ENCRYPTED_DATA",
        Proto.Stream.Types.Kind.StripeStatistics => "STRIPE_STATISTICS",
        Proto.Stream.Types.Kind.FileStatistics => "FILE_STATISTICS",
        _ => $"KIND_{(int)kind}",
    };

    public static string Encoding(ColumnEncoding encoding) => encoding.Kind switch
    {
        ColumnEncoding.Types.Kind.Direct => "DIRECT",
        ColumnEncoding.Types.Kind.DirectV2 => "DIRECT_V2",
        ColumnEncoding.Types.Kind.Dictionary => $"DICTIONARY[{encoding.DictionarySize}]",
        ColumnEncoding.Types.Kind.DictionaryV2 => $"DICTIONARY_V2[{encoding.DictionarySize}]",
        _ => $"KIND_{(int)encoding.Kind}",
    };
}
