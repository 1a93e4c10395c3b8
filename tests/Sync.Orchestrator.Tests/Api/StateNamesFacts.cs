using Sync.Metadata;
using Sync.Orchestrator.Api;

namespace Sync.Orchestrator.Tests.Api;

public sealed class StateNamesFacts
{
    [Fact]
    public void Of_GivesSnakeCase_WhenStateHasTwoWords()
    {
        Assert.Equal("up_for_retry", StateNames.Of(TaskState.UpForRetry));
        Assert.Equal("upstream_failed", StateNames.Of(TaskState.UpstreamFailed));
    }

    [Fact]
    public void TryParseRunState_ReadsBack_EveryRunStateName()
    {
        foreach (var state in Enum.GetValues<DagRunState>())
        {
            Assert.True(StateNames.TryParseRunState(StateNames.Of(state).ToUpperInvariant(), out var parsed));
            Assert.Equal(state, parsed);
        }
    }

    [Fact]
    public void TryParseRunState_Refuses_WhenNameIsUnknown()
    {
        Assert.False(StateNames.TryParseRunState("done", out _));
    }
}
