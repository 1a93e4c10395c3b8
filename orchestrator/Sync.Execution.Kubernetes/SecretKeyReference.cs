namespace Sync.Execution.Kubernetes;

/// <summary>One key of a Kubernetes Secret, passed to the worker as an environment variable (<c>secretKeyRef</c>).</summary>
/// <param name="SecretName">Name of the Secret in the executor's namespace.</param>
/// <param name="Key">Key inside the Secret's data.</param>
public sealed record SecretKeyReference(string SecretName, string Key);
