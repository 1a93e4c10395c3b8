using System.Diagnostics;
using k8s;
using Sync.Testing;

namespace Sync.Charts.Tests;

/// <summary>Runs the real helm and kubectl binaries on the chart and loads what they render into typed objects.</summary>
internal static class ChartTool
{
    public static string Helm => Path.Combine(RepoPaths.Tools, "bin", "helm");
    public static string Kubectl => Path.Combine(RepoPaths.Tools, "bin", "kubectl");
    public static string ChartDir => Path.Combine(RepoPaths.Root, "charts", "sync");
    public static string ProductionValues => Path.Combine(ChartDir, "ci", "production-values.yaml");

    public static ToolResult Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {string.Join(' ', args)} did not finish within 2 minutes");
        }
        return new ToolResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>helm template with the given extra arguments; throws with helm's message when it fails.</summary>
    public static string Template(params string[] extraArgs)
    {
        var result = Run(Helm, ["template", "sync", ChartDir, "--namespace", "sync", .. extraArgs]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"helm template failed ({result.ExitCode}): {result.Stderr}");
        return result.Stdout;
    }

    /// <summary>Every rendered document as a typed KubernetesClient model (V1Deployment, V1Role, ...).</summary>
    public static IReadOnlyList<object> Load(string manifests) => KubernetesYaml.LoadAllFromString(manifests);

    public static T Single<T>(IReadOnlyList<object> objects) => objects.OfType<T>().Single();
}

internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr);
