using k8s;

namespace Sync.Execution.Kubernetes;

/// <summary>Builds the API client the executor uses, from <see cref="KubernetesExecutorOptions.ApiServer"/> or the environment.</summary>
public static class KubernetesClientFactory
{
    /// <summary>
    /// With <see cref="KubernetesExecutorOptions.ApiServer"/> set: that URL (plain HTTP or TLS with the system's trust).
    /// Otherwise the service account of the pod the orchestrator runs in, or else the kubeconfig file
    /// (<c>KUBECONFIG</c> or <c>~/.kube/config</c>).
    /// </summary>
    public static IKubernetes Create(KubernetesExecutorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        KubernetesClientConfiguration config;
        if (options.ApiServer is { } url)
            config = new KubernetesClientConfiguration { Host = url };
        else if (KubernetesClientConfiguration.IsInCluster())
            config = KubernetesClientConfiguration.InClusterConfig();
        else
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile();
        return new k8s.Kubernetes(config);
    }
}
