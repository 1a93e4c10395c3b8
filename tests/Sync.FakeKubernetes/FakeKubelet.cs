using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using k8s.Models;

namespace Sync.FakeKubernetes;

/// <summary>
/// Runs each pod's single container as a local process: Pending (ContainerCreating) → Running → Succeeded/Failed,
/// with the container status a real kubelet reports (exit code, reason, start and finish times). Resolves
/// <c>secretKeyRef</c> environment against the secrets registered with the fake, enforces
/// <c>activeDeadlineSeconds</c>, and can play the kernel's OOM killer for pods whose memory limit is too small.
/// </summary>
internal sealed class FakeKubelet : IAsyncDisposable
{
    /// <summary>How long a container whose limit is below the OOM threshold runs before it is killed.</summary>
    private static readonly TimeSpan OomKillAfter = TimeSpan.FromMilliseconds(150);

    /// <summary>Variables a process needs to be found and run at all; everything else comes from the pod spec.</summary>
    private static readonly string[] HostVariables = ["PATH", "HOME", "DOTNET_ROOT", "DOTNET_CLI_HOME", "NUGET_PACKAGES"];

    private readonly PodStore _store;
    private readonly FakeKubernetesOptions _options;
    private readonly ConcurrentDictionary<(string Ns, string Name), PodRun> _runs = new();
    private readonly ConcurrentDictionary<(string Ns, string Name), IReadOnlyDictionary<string, string>> _secrets = new();
    private long _oomBelowBytes = -1;

    public FakeKubelet(PodStore store, FakeKubernetesOptions options)
    {
        _store = store;
        _options = options;
    }

    public long? OomKillBelowMemoryLimitBytes
    {
        get => Interlocked.Read(ref _oomBelowBytes) is var v && v >= 0 ? v : null;
        set => Interlocked.Exchange(ref _oomBelowBytes, value ?? -1);
    }

    public void AddSecret(string ns, string name, IReadOnlyDictionary<string, string> data) =>
        _secrets[(ns, name)] = new Dictionary<string, string>(data);

    public void Start(string ns, string name)
    {
        var run = new PodRun();
        if (!_runs.TryAdd((ns, name), run)) return;
        run.Task = Task.Run(() => RunAsync(ns, name, run));
    }

    /// <summary>Kills the pod's process (the pod was deleted); waits for it to be gone.</summary>
    public async Task StopAsync(string ns, string name)
    {
        if (!_runs.TryRemove((ns, name), out var run)) return;
        await run.Cts.CancelAsync().ConfigureAwait(false);
        await run.Task.ConfigureAwait(false);
        run.Cts.Dispose();
    }

    /// <summary>The container's output so far, or null when the container has not started.</summary>
    public string? GetLog(string ns, string name) =>
        _runs.TryGetValue((ns, name), out var run) && run.Started ? run.Log() : null;

    public async ValueTask DisposeAsync()
    {
        foreach (var key in _runs.Keys.ToList()) await StopAsync(key.Ns, key.Name).ConfigureAwait(false);
    }

    private async Task RunAsync(string ns, string name, PodRun run)
    {
        try
        {
            await Task.Delay(_options.StartDelay, run.Cts.Token).ConfigureAwait(false);
            var pod = _store.Get(ns, name);
            if (pod is null) return;
            var container = pod.Spec.Containers[0];

            var environment = ResolveEnvironment(ns, pod.Metadata.Name, container, out var configError);
            if (configError is not null)
            {
                SetWaiting(ns, name, container.Name, "CreateContainerConfigError", configError);
                return;
            }
            IReadOnlyList<string>? entrypoint = container.Command is { Count: > 0 } command ? command.ToList() : _options.ResolveImage(container.Image);
            if (entrypoint is null || entrypoint.Count == 0)
            {
                SetWaiting(ns, name, container.Name, "ErrImagePull", $"rpc error: code = NotFound desc = failed to pull and unpack image \"{container.Image}\": not found");
                return;
            }
            var argv = entrypoint.Concat(container.Args ?? []).ToList();
            await RunContainerAsync(ns, pod, container, argv, environment, run).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (run.Cts.IsCancellationRequested)
        {
            // The pod was deleted: nothing is reported for a pod that no longer exists.
        }
    }

    private async Task RunContainerAsync(
        string ns, V1Pod pod, V1Container container, List<string> argv, Dictionary<string, string> environment, PodRun run)
    {
        var name = pod.Metadata.Name;
        var workDir = Path.Combine(_options.WorkRoot ?? Path.GetTempPath(), "fake-kubelet", ns, name + "-" + pod.Metadata.Uid[..8]);
        Directory.CreateDirectory(workDir);
        var psi = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        foreach (var arg in argv.Skip(1)) psi.ArgumentList.Add(arg);
        psi.Environment.Clear();
        foreach (var variable in HostVariables)
        {
            if (Environment.GetEnvironmentVariable(variable) is { } value) psi.Environment[variable] = value;
        }
        psi.Environment["HOSTNAME"] = name;
        foreach (var (key, value) in environment) psi.Environment[key] = value;

        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) run.Append(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) run.Append(e.Data); };
        var startedAt = DateTime.UtcNow;
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Terminate(ns, name, container.Name, 128, "StartError", $"failed to start container process \"{argv[0]}\": {ex.Message}", startedAt, null);
            return;
        }
        run.Started = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _store.Update(ns, name, p =>
        {
            p.Status.Phase = "Running";
            p.Status.StartTime ??= startedAt;
            p.Status.PodIP = "127.0.0.1";
            p.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = startedAt }];
            p.Status.ContainerStatuses = [new V1ContainerStatus
            {
                Name = container.Name, Image = container.Image, ImageID = "fake://" + container.Image, Ready = true, Started = true,
                ContainerID = "fake://" + process.Id, RestartCount = 0,
                State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = startedAt } },
            }];
        });

        var memoryLimit = container.Resources?.Limits is { } limits && limits.TryGetValue("memory", out var quantity) ? quantity.ToInt64() : (long?)null;
        var oomBelow = OomKillBelowMemoryLimitBytes;
        var oom = oomBelow is { } threshold && memoryLimit is { } limit && limit < threshold;
        var deadline = pod.Spec.ActiveDeadlineSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
        var killAfter = oom ? OomKillAfter : deadline;

        var exited = process.WaitForExitAsync(run.Cts.Token);
        var finished = await Task.WhenAny(exited, Task.Delay(killAfter, run.Cts.Token)).ConfigureAwait(false);
        if (run.Cts.IsCancellationRequested)
        {
            KillTree(process);
            return;
        }
        if (finished != exited)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (oom)
            {
                Terminate(ns, name, container.Name, 137, "OOMKilled", null, startedAt, null);
            }
            else
            {
                Terminate(ns, name, container.Name, 137, "Error", null, startedAt,
                    ("DeadlineExceeded", $"Pod was active on the node longer than the specified deadline"));
            }
            return;
        }
        await exited.ConfigureAwait(false);
        var exitCode = process.ExitCode;
        Terminate(ns, name, container.Name, exitCode, exitCode == 0 ? "Completed" : "Error", null, startedAt, null);
    }

    private Dictionary<string, string> ResolveEnvironment(string ns, string podName, V1Container container, out string? error)
    {
        error = null;
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            if (variable.ValueFrom?.SecretKeyRef is { } secretRef)
            {
                if (!_secrets.TryGetValue((ns, secretRef.Name), out var data))
                {
                    if (secretRef.Optional == true) continue;
                    error = $"secret \"{secretRef.Name}\" not found";
                    return resolved;
                }
                if (!data.TryGetValue(secretRef.Key, out var value))
                {
                    if (secretRef.Optional == true) continue;
                    error = $"couldn't find key {secretRef.Key} in Secret {ns}/{secretRef.Name}";
                    return resolved;
                }
                resolved[variable.Name] = value;
            }
            else if (variable.ValueFrom is not null)
            {
                error = $"environment variable {variable.Name} of pod {podName}: only value and secretKeyRef are supported by this kubelet";
                return resolved;
            }
            else
            {
                resolved[variable.Name] = variable.Value ?? "";
            }
        }
        return resolved;
    }

    private void SetWaiting(string ns, string name, string containerName, string reason, string message) =>
        _store.Update(ns, name, p =>
        {
            p.Status.ContainerStatuses = [new V1ContainerStatus
            {
                Name = containerName, Image = p.Spec.Containers[0].Image, ImageID = "", Ready = false, RestartCount = 0,
                State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } },
            }];
        });

    private void Terminate(
        string ns, string name, string containerName, int exitCode, string reason, string? message, DateTime startedAt,
        (string Reason, string Message)? podFailure)
    {
        var finishedAt = DateTime.UtcNow;
        _store.Update(ns, name, p =>
        {
            p.Status.Phase = exitCode == 0 && podFailure is null ? "Succeeded" : "Failed";
            if (podFailure is { } failure)
            {
                p.Status.Reason = failure.Reason;
                p.Status.Message = failure.Message;
            }
            p.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "False", Reason = "PodCompleted", LastTransitionTime = finishedAt }];
            p.Status.ContainerStatuses = [new V1ContainerStatus
            {
                Name = containerName, Image = p.Spec.Containers[0].Image, ImageID = "fake://" + p.Spec.Containers[0].Image,
                Ready = false, Started = false, RestartCount = 0,
                State = new V1ContainerState
                {
                    Terminated = new V1ContainerStateTerminated
                    {
                        ExitCode = exitCode, Reason = reason, Message = message, StartedAt = startedAt, FinishedAt = finishedAt,
                    },
                },
            }];
        });
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private sealed class PodRun
    {
        private readonly StringBuilder _log = new();
        private readonly Lock _gate = new();

        public CancellationTokenSource Cts { get; } = new();

        public Task Task { get; set; } = Task.CompletedTask;

        public volatile bool Started;

        public void Append(string line)
        {
            lock (_gate) _log.Append(line).Append('\n');
        }

        public string Log()
        {
            lock (_gate) return _log.ToString();
        }
    }
}
