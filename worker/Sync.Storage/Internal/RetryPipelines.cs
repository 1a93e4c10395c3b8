using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Sync.Storage.Internal;

/// <summary>The retry policy every S3 request goes through: exponential backoff with jitter on transient failures.</summary>
internal static class RetryPipelines
{
    public static readonly ResiliencePropertyKey<(ObjectStoreOperation Operation, string Uri)> Target = new("sync.storage.target");

    public static ResiliencePipeline Create(ObjectStoreSettings settings, ILogger logger)
    {
        if (settings.MaxAttempts <= 1) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                Delay = settings.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && S3Errors.IsTransient(e, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    var (operation, uri) = args.Context.Properties.GetValue(Target, (ObjectStoreOperation.Read, "?"));
                    StorageLog.Retrying(logger, operation, uri, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds,
                        args.Outcome.Exception is { } e ? S3Errors.Describe(e) : "no result");
                    return default;
                },
            })
            .Build();
    }
}
