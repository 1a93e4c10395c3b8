namespace Sync.Orc.Encoding;

/// <summary>Picks the integer run-length decoder for a column encoding.</summary>
internal static class IntegerDecoders
{
    public static IIntegerDecoder Create(StreamInput input, bool signed, bool version2) =>
        version2 ? new IntRleV2Decoder(input, signed) : new IntRleV1Decoder(input, signed);
}
