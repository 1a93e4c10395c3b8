using System.Text.RegularExpressions;
using Sync.Testing;

namespace Sync.Charts.Tests;

/// <summary>No container engine runs here, so the Dockerfile's rules are checked on its text.</summary>
public partial class DockerfileFacts
{
    private static string Dockerfile => File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));

    private static List<(string From, List<string> Lines)> Stages()
    {
        var stages = new List<(string, List<string>)>();
        foreach (var raw in Dockerfile.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)) stages.Add((line, []));
            else if (stages.Count > 0 && line.Length > 0 && !line.StartsWith('#')) stages[^1].Item2.Add(line);
        }
        return stages;
    }

    [Fact]
    public void Dockerfile_IsMultiStage_SdkBuildThenAspNetRuntime()
    {
        var stages = Stages();

        Assert.True(stages.Count >= 2, "expected a build stage and a runtime stage");
        Assert.Contains("dotnet/sdk", stages[0].From, StringComparison.Ordinal);
        Assert.Contains("dotnet/aspnet", stages[^1].From, StringComparison.Ordinal);
        Assert.DoesNotContain("sdk", stages[^1].From, StringComparison.Ordinal);
    }

    [Fact]
    public void FinalStage_RunsAsNonRoot_WithoutBuildTools()
    {
        var final = Stages()[^1].Lines;

        var user = final.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        var uid = UserPattern().Match(user);
        Assert.True(uid.Success, $"USER must be a numeric non-root uid: {user}");
        Assert.NotEqual("0", uid.Groups[1].Value);
        Assert.DoesNotContain(final, l => l.Contains("apt-get install", StringComparison.Ordinal) || l.Contains("dotnet build", StringComparison.Ordinal) || l.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.All(final.Where(l => l.StartsWith("COPY", StringComparison.Ordinal) && !l.Contains("--from=build", StringComparison.Ordinal)),
            l => Assert.Contains("dags/", l, StringComparison.Ordinal));
        Assert.Contains(final, l => l.Contains("Sync.Orchestrator.dll", StringComparison.Ordinal));
        Assert.Contains(final, l => l.Contains("/app/worker", StringComparison.Ordinal));
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputAndLocalStateOut()
    {
        var ignore = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore")).Select(l => l.Trim()).ToHashSet();

        foreach (var required in new[] { "**/bin/", "**/obj/", ".git/", ".tools/", ".quickstart/" })
        {
            Assert.Contains(required, ignore);
        }
    }

    [GeneratedRegex(@"^USER\s+(\d+)(:\d+)?$")]
    private static partial Regex UserPattern();
}
