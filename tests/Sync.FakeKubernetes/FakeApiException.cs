using System.Text.Json;

namespace Sync.FakeKubernetes;

/// <summary>An API error the fake answers with a <c>Status</c> object, as the real API server does.</summary>
internal sealed class FakeApiException : Exception
{
    private FakeApiException(int code, string reason, string message, string? name)
        : base(message)
    {
        Code = code;
        Reason = reason;
        ObjectName = name;
    }

    public int Code { get; }

    public string Reason { get; }

    public string? ObjectName { get; }

    public static FakeApiException NotFound(string name) =>
        new(404, "NotFound", $"pods \"{name}\" not found", name);

    public static FakeApiException AlreadyExists(string name) =>
        new(409, "AlreadyExists", $"pods \"{name}\" already exists", name);

    public static FakeApiException Expired(long requested, long oldest) =>
        new(410, "Expired", $"too old resource version: {requested} ({oldest})", null);

    public static FakeApiException Invalid(string? name, string message) =>
        new(422, "Invalid", $"Pod \"{name}\" is invalid: {message}", name);

    public static FakeApiException BadRequest(string message) =>
        new(400, "BadRequest", message, null);

    /// <summary>The error as the API server's <c>Status</c> JSON.</summary>
    public string ToStatusJson() => StatusJson(Code, Reason, Message, ObjectName);

    public static string StatusJson(int code, string reason, string message, string? name) =>
        JsonSerializer.Serialize(new StatusBody(
            "Status", "v1", new Dictionary<string, string>(), "Failure", message, reason,
            name is null ? null : new StatusDetails(name, "pods"), code), StatusJsonOptions);

    private static readonly JsonSerializerOptions StatusJsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record StatusBody(
        string Kind, string ApiVersion, Dictionary<string, string> Metadata, string Status, string Message, string Reason,
        StatusDetails? Details, int Code);

    private sealed record StatusDetails(string Name, string Kind);
}
