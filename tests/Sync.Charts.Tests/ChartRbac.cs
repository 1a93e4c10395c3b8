namespace Sync.Charts.Tests;

/// <summary>The API calls the Kubernetes executor makes, as "resource:verb", sorted.</summary>
internal static class ChartRbac
{
    public static readonly string[] ExecutorCalls =
    [
        "pods/log:get",
        "pods:create",
        "pods:delete",
        "pods:get",
        "pods:list",
        "pods:watch",
    ];
}
