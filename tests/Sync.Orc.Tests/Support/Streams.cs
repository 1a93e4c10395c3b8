using Sync.Orc.Encoding;

namespace Sync.Orc.Tests.Support;

/// <summary>Hand-built stream inputs for the decoder layers.</summary>
internal static class Streams
{
    public static StreamInput Of(params byte[] bytes) => new(bytes, 0, bytes.Length, new StreamContext("test.orc", 0, 1, "DATA"));

    public static long[] Longs(IIntegerDecoder decoder, int count)
    {
        var values = new long[count];
        decoder.Next(values);
        return values;
    }
}
