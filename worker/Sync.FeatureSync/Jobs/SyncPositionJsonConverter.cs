using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sync.FeatureSync.Jobs;

/// <summary>Writes a <see cref="SyncPosition"/> as its text form.</summary>
internal sealed class SyncPositionJsonConverter : JsonConverter<SyncPosition>
{
    public override SyncPosition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        SyncPosition.Parse(reader.GetString() ?? throw new JsonException("position must be a string"));

    public override void Write(Utf8JsonWriter writer, SyncPosition value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
