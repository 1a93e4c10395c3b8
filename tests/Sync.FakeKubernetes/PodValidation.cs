using System.Text.RegularExpressions;
using k8s.Models;

namespace Sync.FakeKubernetes;

/// <summary>The API server's validation of a pod on create, for the rules a client is likely to break (422 Invalid).</summary>
internal static partial class PodValidation
{
    public static void Validate(V1Pod pod, string ns)
    {
        var name = pod.Metadata?.Name;
        if (string.IsNullOrEmpty(name)) throw FakeApiException.Invalid(name, "metadata.name: Required value: name or generateName is required");
        if (name.Length > 253 || !Dns1123Subdomain().IsMatch(name))
            throw FakeApiException.Invalid(name, $"metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
        if (pod.Metadata!.NamespaceProperty is { Length: > 0 } bodyNs && bodyNs != ns)
            throw FakeApiException.BadRequest($"the namespace of the provided object ({bodyNs}) does not match the namespace sent on the request ({ns})");
        foreach (var (key, value) in pod.Metadata.Labels ?? new Dictionary<string, string>())
        {
            if (!IsQualifiedName(key)) throw FakeApiException.Invalid(name, $"metadata.labels: Invalid value: \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
            if (value.Length > 63 || (value.Length > 0 && !LabelValue().IsMatch(value)))
                throw FakeApiException.Invalid(name, $"metadata.labels: Invalid value: \"{value}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (at most 63 characters)");
        }
        if (pod.Spec?.Containers is not { Count: > 0 } containers) throw FakeApiException.Invalid(name, "spec.containers: Required value");
        if (containers.Count > 1) throw FakeApiException.Invalid(name, "spec.containers: this server runs pods of exactly one container");
        var container = containers[0];
        if (string.IsNullOrEmpty(container.Name) || container.Name.Length > 63 || !LabelValue().IsMatch(container.Name))
            throw FakeApiException.Invalid(name, $"spec.containers[0].name: Invalid value: \"{container.Name}\"");
        if (string.IsNullOrEmpty(container.Image)) throw FakeApiException.Invalid(name, "spec.containers[0].image: Required value");
        if (pod.Spec.RestartPolicy is { } policy && policy is not ("Always" or "OnFailure" or "Never"))
            throw FakeApiException.Invalid(name, $"spec.restartPolicy: Unsupported value: \"{policy}\"");
        foreach (var env in container.Env ?? [])
        {
            if (env.ValueFrom is not null && env.Value is not null)
                throw FakeApiException.Invalid(name, $"spec.containers[0].env[{env.Name}].valueFrom: Invalid value: may not be specified when `value` is not empty");
        }
        var requests = container.Resources?.Requests;
        var limits = container.Resources?.Limits;
        if (requests is not null && limits is not null)
        {
            foreach (var (resource, request) in requests)
            {
                if (limits.TryGetValue(resource, out var limit) && request.ToDecimal() > limit.ToDecimal())
                    throw FakeApiException.Invalid(name, $"spec.containers[0].resources.requests: Invalid value: \"{request}\": must be less than or equal to {resource} limit");
            }
        }
    }

    private static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash >= 0 ? key[..slash] : null;
        var namePart = slash >= 0 ? key[(slash + 1)..] : key;
        if (prefix is not null && (prefix.Length > 253 || !Dns1123Subdomain().IsMatch(prefix))) return false;
        return namePart.Length is > 0 and <= 63 && LabelValue().IsMatch(namePart);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
