using Sync.Testing;

namespace Sync.Metadata.Tests;

public sealed class PostgresMetadataStoreTests
{
    private static async Task<PostgresMetadataStore> NewStoreAsync()
    {
        var server = await PostgresServer.GetAsync();
        var db = await server.CreateDatabaseAsync("meta");
        var store = new PostgresMetadataStore(server.ConnectionStringFor(db));
        // two replicas starting at once both initialize the schema
        await Task.WhenAll(store.InitializeAsync(default), new PostgresMetadataStore(server.ConnectionStringFor(db)).InitializeAsync(default));
        return store;
    }

    [PostgresFact]
    public async Task TryCreateRunAsync_RecordsRunAndTasks_WhenNew() => await StoreScenarios.CreateRun_RecordsRunAndTasks_WhenNew(await NewStoreAsync());

    [PostgresFact]
    public async Task TryCreateRunAsync_RecordsNothing_WhenLogicalDateTaken() => await StoreScenarios.CreateRun_RecordsNothing_WhenLogicalDateTaken(await NewStoreAsync());

    [PostgresFact]
    public async Task TryCreateRunAsync_HasOneWinner_WhenManyRace() => await StoreScenarios.CreateRun_HasOneWinner_WhenManyRace(await NewStoreAsync());

    [PostgresFact]
    public async Task TryUpdateTaskAsync_ChangesOnlyOnce_WhenTwoCallersExpectSameState() => await StoreScenarios.UpdateTask_ChangesOnlyOnce_WhenTwoCallersExpectSameState(await NewStoreAsync());

    [PostgresFact]
    public async Task TryUpdateRunAsync_Refuses_WhenStateMoved() => await StoreScenarios.UpdateRun_Refuses_WhenStateMoved(await NewStoreAsync());

    [PostgresFact]
    public async Task ListRunsAsync_ReturnsNewestFirst_WhenFiltered() => await StoreScenarios.ListRuns_ReturnsNewestFirst_WhenFiltered(await NewStoreAsync());

    [PostgresFact]
    public async Task ListTasksInStatesAsync_FindsTasks_AcrossRuns() => await StoreScenarios.Tasks_CountedAndListedByState_AcrossRuns(await NewStoreAsync());

    [PostgresFact]
    public async Task AddTasksAsync_KeepsExisting_WhenIdRepeats() => await StoreScenarios.AddTasks_KeepsExisting_WhenIdRepeats(await NewStoreAsync());

    [PostgresFact]
    public async Task RegisterDagAsync_AppliesPausedOnCreation_OnlyTheFirstTime() => await StoreScenarios.RegisterDag_AppliesPausedOnCreation_OnlyTheFirstTime(await NewStoreAsync());

    [PostgresFact]
    public async Task GetLatestScheduledRunAsync_IgnoresManualRuns() => await StoreScenarios.LatestScheduledRun_IgnoresManualRuns(await NewStoreAsync());

    [PostgresFact]
    public async Task SetPausedAsync_RoundTrips_WhenSetAndCleared() => await StoreScenarios.Paused_RoundTrips_WhenSetAndCleared(await NewStoreAsync());
}
