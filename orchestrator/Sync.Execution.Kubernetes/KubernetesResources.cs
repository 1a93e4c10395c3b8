using System.Globalization;
using k8s.Models;

namespace Sync.Execution.Kubernetes;

/// <summary>
/// Pod sizing. A batch pod's memory request grows with its input:
/// <c>request = min(MaxMemoryBytes, max(asked, MemoryBaseBytes + MemoryPerBatchByte × batch bytes))</c>,
/// and the limit is raised to at least the request (also capped). The reader holds one decompressed stripe and
/// its Arrow batches at a time, so memory follows the batch's ORC bytes by a small factor, plus the runtime's base.
/// After an OOMKilled attempt the orchestrator relaunches with <see cref="GrowAfterOom"/>.
/// </summary>
public static class KubernetesResources
{
    private const long Ki = 1024;
    private const long Mi = 1024 * 1024;
    private const long Gi = 1024 * 1024 * 1024;

    /// <summary>The resources a launch runs with: launch values over <see cref="KubernetesExecutorOptions.DefaultResources"/>, memory grown for the batch.</summary>
    public static ResourceSpec ForLaunch(TaskLaunch launch, KubernetesExecutorOptions options)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(options);
        var asked = launch.Resources;
        var defaults = options.DefaultResources;
        var request = asked.MemoryRequestBytes ?? defaults.MemoryRequestBytes;
        var limit = asked.MemoryLimitBytes ?? defaults.MemoryLimitBytes;
        if (launch.Spec.Batch is { } batch)
        {
            var forBatch = options.MemoryBaseBytes + options.MemoryPerBatchByte * batch.TotalBytes;
            var grown = forBatch >= options.MaxMemoryBytes ? options.MaxMemoryBytes : (long)Math.Ceiling(forBatch);
            request = Math.Max(request ?? 0, grown);
        }
        if (request is { } r) request = Math.Min(r, options.MaxMemoryBytes);
        if (limit is { } l) limit = Math.Min(Math.Max(l, request ?? 0), options.MaxMemoryBytes);
        return new ResourceSpec
        {
            CpuRequest = asked.CpuRequest ?? defaults.CpuRequest,
            CpuLimit = asked.CpuLimit ?? defaults.CpuLimit,
            MemoryRequestBytes = request,
            MemoryLimitBytes = limit,
        };
    }

    /// <summary>
    /// Memory for the next attempt after an OOMKilled one: request and limit multiplied by <paramref name="factor"/>
    /// (at least one byte more), never above <paramref name="capBytes"/>. At the cap the spec comes back unchanged,
    /// which tells the caller that more memory cannot be had. Pass the resources the attempt ran with
    /// (<see cref="TaskOutcome.Resources"/>), not the ones it asked for.
    /// </summary>
    public static ResourceSpec GrowAfterOom(ResourceSpec resources, double factor, long capBytes) =>
        MemoryGrowth.AfterOom(resources, factor, capBytes);

    /// <summary>A byte count as a Kubernetes quantity: <c>512Mi</c>, <c>2Gi</c>, or plain bytes when not a whole unit.</summary>
    public static string FormatBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes != 0 && bytes % Gi == 0) return (bytes / Gi).ToString(CultureInfo.InvariantCulture) + "Gi";
        if (bytes != 0 && bytes % Mi == 0) return (bytes / Mi).ToString(CultureInfo.InvariantCulture) + "Mi";
        if (bytes != 0 && bytes % Ki == 0) return (bytes / Ki).ToString(CultureInfo.InvariantCulture) + "Ki";
        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    internal static V1ResourceRequirements ToRequirements(ResourceSpec resources)
    {
        var requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        var limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        if (resources.CpuRequest is { } cpuRequest) requests["cpu"] = new ResourceQuantity(cpuRequest);
        if (resources.MemoryRequestBytes is { } memRequest) requests["memory"] = new ResourceQuantity(FormatBytes(memRequest));
        if (resources.CpuLimit is { } cpuLimit) limits["cpu"] = new ResourceQuantity(cpuLimit);
        if (resources.MemoryLimitBytes is { } memLimit) limits["memory"] = new ResourceQuantity(FormatBytes(memLimit));
        return new V1ResourceRequirements
        {
            Requests = requests.Count > 0 ? requests : null,
            Limits = limits.Count > 0 ? limits : null,
        };
    }
}
