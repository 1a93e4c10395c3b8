using System.Text.Json;

namespace Sync.Api.Contracts;

/// <summary>The JSON settings both ends of the REST API use: web defaults (camelCase, case-insensitive reads).</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };
}
