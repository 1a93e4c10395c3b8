using k8s.Models;

namespace Sync.Charts.Tests;

public class PlainManifestsFacts
{
    private static string ManifestsDir => Path.Combine(Sync.Testing.RepoPaths.Root, "charts", "manifests");

    [HelmFact]
    public void Manifests_MatchTheChart_WhenRenderedAgain()
    {
        // charts/manifests/sync.yaml is what scripts/render-manifests.sh writes; it must not drift from the chart.
        var committed = File.ReadAllText(Path.Combine(ManifestsDir, "sync.yaml"));
        Assert.Equal(ChartTool.Template(), committed);
    }

    [HelmFact]
    public void Kustomization_BuildsTypedObjectsInTheSyncNamespace()
    {
        var result = ChartTool.Run(ChartTool.Kubectl, "kustomize", ManifestsDir);
        Assert.True(result.ExitCode == 0, result.Stderr);

        var objects = ChartTool.Load(result.Stdout);
        Assert.Equal("sync", ChartTool.Single<V1Namespace>(objects).Metadata.Name);
        Assert.All(objects.OfType<IMetadata<V1ObjectMeta>>().Where(o => o is not V1Namespace),
            o => Assert.Equal("sync", o.Metadata.NamespaceProperty));
        ChartTool.Single<V1Deployment>(objects);
    }
}
