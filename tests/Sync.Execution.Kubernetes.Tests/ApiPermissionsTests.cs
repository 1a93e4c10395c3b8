using k8s;
using System.Text.RegularExpressions;
using Sync.Testing;
using Xunit.Abstractions;

namespace Sync.Execution.Kubernetes.Tests;

public sealed partial class ApiPermissionsTests : IAsyncLifetime
{
    private static readonly string[] Expected = ["pods create", "pods delete", "pods get", "pods list", "pods watch", "pods/log get"];

    private readonly ITestOutputHelper _output;
    private FakeCluster _cluster = null!;

    public ApiPermissionsTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync() => _cluster = await FakeCluster.StartAsync(new Dictionary<string, string>
    {
        ["test/success"] = """sleep 0.5; echo '{"status":"success"}'""",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RecordedCalls_NeedExactlyTheChartRoleRules_WhenEveryExecutorPathRuns()
    {
        var executor = _cluster.Executor();
        var adopted = FakeCluster.Launch("batch_1");
        var options = _cluster.Options();
        await _cluster.Client.CoreV1.CreateNamespacedPodAsync(
            PodManifest.Build(adopted, KubernetesResources.ForLaunch(adopted, options), options), FakeCluster.Namespace);

        await executor.RemoveOrphanedPodsAsync([adopted.AttemptKey], CancellationToken.None);
        var outcomes = await Task.WhenAll(executor.RunAsync(adopted, CancellationToken.None), executor.RunAsync(FakeCluster.Launch("batch_2"), CancellationToken.None));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error));

        // The test's own create of the adopted pod is among the calls; it is the same permission the executor needs.
        var used = _cluster.Server.RecordedCalls.Select(c => c.Permission).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var permission in used) _output.WriteLine(permission);
        Assert.Equal(Expected, used);

        var role = Path.Combine(RepoPaths.Root, "charts", "sync", "templates", "role.yaml");
        Assert.True(File.Exists(role), $"the chart's Role is expected at {role}");
        var granted = Granted(await File.ReadAllTextAsync(role));
        Assert.Equal(Expected, granted.Order(StringComparer.Ordinal));
    }

    /// <summary>"resource verb" pairs of the Role's rules (core API group), read from the template's flow lists.</summary>
    private static IEnumerable<string> Granted(string roleYaml)
    {
        foreach (Match rule in RuleRegex().Matches(roleYaml))
        {
            var resources = Items(rule.Groups["resources"].Value);
            var verbs = Items(rule.Groups["verbs"].Value);
            foreach (var resource in resources)
            {
                foreach (var verb in verbs) yield return resource + " " + verb;
            }
        }
    }

    private static IEnumerable<string> Items(string flowList) =>
        flowList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim('"', '\''));

    [GeneratedRegex(@"resources:\s*\[(?<resources>[^\]]*)\]\s*verbs:\s*\[(?<verbs>[^\]]*)\]")]
    private static partial Regex RuleRegex();
}
