using System.Text;
using System.Text.Json;
using Sync.Tasks;

namespace Sync.Execution.Kubernetes;

/// <summary>Finds the worker's result: the last log line that is a <see cref="TaskResult"/> JSON object.</summary>
internal static class WorkerResultLine
{
    /// <summary>
    /// Scans from the end, because stderr lines may follow the result in a pod log (both streams are merged).
    /// Returns null when no line parses as a result with a status.
    /// </summary>
    public static TaskResult? Find(ReadOnlySpan<byte> logTail)
    {
        var text = Encoding.UTF8.GetString(logTail);
        var lines = text.Split('\n');
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var line = lines[i].Trim();
            if (line.Length < 2 || line[0] != '{' || line[^1] != '}') continue;
            try
            {
                var result = TaskJson.Deserialize<TaskResult>(line);
                if (!string.IsNullOrEmpty(result.Status)) return result;
            }
            catch (JsonException)
            {
                // A JSON-looking line that is not a result (e.g. structured logging): keep looking further up.
            }
        }
        return null;
    }
}
