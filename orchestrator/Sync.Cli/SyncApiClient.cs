using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sync.Api.Contracts;

namespace Sync.Cli;

/// <summary>
/// Typed calls to the orchestrator's REST API. Every request is bounded by <see cref="Timeout"/>; a refused
/// connection or a timeout becomes <see cref="SyncServerUnreachableException"/>, an error status <see cref="SyncApiException"/>.
/// </summary>
public sealed class SyncApiClient : IDisposable
{
    private readonly HttpClient _http;

    public SyncApiClient(Uri server, TimeSpan timeout, string? bearerToken = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "timeout must be positive");
        Server = server;
        Timeout = timeout;
        // The timeout is enforced per request with a linked token, so HttpClient's own stays out of the way.
        _http = new HttpClient { BaseAddress = server, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(bearerToken))
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
    }

    public Uri Server { get; }

    public TimeSpan Timeout { get; }

    public Task<IReadOnlyList<DagSummary>> ListDagsAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<DagSummary>>(HttpMethod.Get, ApiRoutes.Dags, null, cancellationToken);

    public Task<DagSummary> PauseAsync(string dagId, CancellationToken cancellationToken) =>
        SendAsync<DagSummary>(HttpMethod.Post, ApiRoutes.Pause(dagId), null, cancellationToken);

    public Task<DagSummary> UnpauseAsync(string dagId, CancellationToken cancellationToken) =>
        SendAsync<DagSummary>(HttpMethod.Post, ApiRoutes.Unpause(dagId), null, cancellationToken);

    public Task<DagRunSummary> TriggerAsync(string dagId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken) =>
        SendAsync<DagRunSummary>(HttpMethod.Post, ApiRoutes.Trigger(dagId), new TriggerRequest { Params = parameters }, cancellationToken);

    public Task<IReadOnlyList<DagRunSummary>> ListRunsAsync(string dagId, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<DagRunSummary>>(HttpMethod.Get, ApiRoutes.Runs(dagId), null, cancellationToken);

    public Task<IReadOnlyList<TaskInstanceSummary>> ListTasksAsync(string dagId, string runId, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<TaskInstanceSummary>>(HttpMethod.Get, ApiRoutes.Tasks(dagId, runId), null, cancellationToken);

    public Task<ClearResult> ClearRunAsync(string dagId, string runId, CancellationToken cancellationToken) =>
        SendAsync<ClearResult>(HttpMethod.Post, ApiRoutes.ClearRun(dagId, runId), null, cancellationToken);

    public Task<ClearResult> ClearTaskAsync(string dagId, string runId, string taskId, CancellationToken cancellationToken) =>
        SendAsync<ClearResult>(HttpMethod.Post, ApiRoutes.ClearTask(dagId, runId, taskId), null, cancellationToken);

    public Task<IReadOnlyList<ImportErrorInfo>> ListImportErrorsAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<ImportErrorInfo>>(HttpMethod.Get, ApiRoutes.ImportErrors, null, cancellationToken);

    public Task<FeatureSyncStatus> GetFeatureSyncAsync(CancellationToken cancellationToken) =>
        SendAsync<FeatureSyncStatus>(HttpMethod.Get, ApiRoutes.FeatureSync, null, cancellationToken);

    public Task<FeatureSyncJobStatus> GetFeatureSyncJobAsync(string jobId, CancellationToken cancellationToken) =>
        SendAsync<FeatureSyncJobStatus>(HttpMethod.Get, ApiRoutes.FeatureSyncJob(jobId), null, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var uri = new Uri(Server, path);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ApiJson.Options);
        else if (method == HttpMethod.Post) request.Content = JsonContent.Create(new Dictionary<string, string>(), options: ApiJson.Options);

        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new SyncApiException(method.Method, uri, (int)response.StatusCode, await ReadProblemAsync(response, timeout.Token).ConfigureAwait(false));
            var value = await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, timeout.Token).ConfigureAwait(false);
            return value ?? throw new SyncApiException(method.Method, uri, (int)response.StatusCode, "empty response body");
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SyncServerUnreachableException(uri, $"no answer within {Timeout.TotalSeconds:0.#}s", ex);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is null)
        {
            throw new SyncServerUnreachableException(uri, ex.Message, ex);
        }
        catch (JsonException ex)
        {
            throw new SyncApiException(method.Method, uri, 200, $"response is not the expected JSON: {ex.Message}");
        }
    }

    private static async Task<string> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text)) return response.ReasonPhrase ?? "no details";
        try
        {
            var problem = JsonSerializer.Deserialize<ApiProblem>(text, ApiJson.Options);
            if (!string.IsNullOrEmpty(problem?.Error)) return problem.Error;
        }
        catch (JsonException)
        {
            // Not our problem document (e.g. a proxy's page): show the text as it came.
        }
        return text.Length > 500 ? text[..500] : text;
    }
}
