namespace Sync.Metadata.Tests;

public sealed class SqliteMetadataStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sync-tests", "sqlite-" + Guid.NewGuid().ToString("N"));

    private async Task<SqliteMetadataStore> NewStoreAsync()
    {
        var store = new SqliteMetadataStore(Path.Combine(_dir, "metadata.db"));
        await store.InitializeAsync(default);
        await store.InitializeAsync(default); // a restart finds the schema in place
        return store;
    }

    [Fact]
    public async Task TryCreateRunAsync_RecordsRunAndTasks_WhenNew() => await StoreScenarios.CreateRun_RecordsRunAndTasks_WhenNew(await NewStoreAsync());

    [Fact]
    public async Task TryCreateRunAsync_RecordsNothing_WhenLogicalDateTaken() => await StoreScenarios.CreateRun_RecordsNothing_WhenLogicalDateTaken(await NewStoreAsync());

    [Fact]
    public async Task TryCreateRunAsync_HasOneWinner_WhenManyRace() => await StoreScenarios.CreateRun_HasOneWinner_WhenManyRace(await NewStoreAsync());

    [Fact]
    public async Task TryUpdateTaskAsync_ChangesOnlyOnce_WhenTwoCallersExpectSameState() => await StoreScenarios.UpdateTask_ChangesOnlyOnce_WhenTwoCallersExpectSameState(await NewStoreAsync());

    [Fact]
    public async Task TryUpdateRunAsync_Refuses_WhenStateMoved() => await StoreScenarios.UpdateRun_Refuses_WhenStateMoved(await NewStoreAsync());

    [Fact]
    public async Task ListRunsAsync_ReturnsNewestFirst_WhenFiltered() => await StoreScenarios.ListRuns_ReturnsNewestFirst_WhenFiltered(await NewStoreAsync());

    [Fact]
    public async Task ListTasksInStatesAsync_FindsTasks_AcrossRuns() => await StoreScenarios.Tasks_CountedAndListedByState_AcrossRuns(await NewStoreAsync());

    [Fact]
    public async Task AddTasksAsync_KeepsExisting_WhenIdRepeats() => await StoreScenarios.AddTasks_KeepsExisting_WhenIdRepeats(await NewStoreAsync());

    [Fact]
    public async Task RegisterDagAsync_AppliesPausedOnCreation_OnlyTheFirstTime() => await StoreScenarios.RegisterDag_AppliesPausedOnCreation_OnlyTheFirstTime(await NewStoreAsync());

    [Fact]
    public async Task GetLatestScheduledRunAsync_IgnoresManualRuns() => await StoreScenarios.LatestScheduledRun_IgnoresManualRuns(await NewStoreAsync());

    [Fact]
    public async Task SetPausedAsync_RoundTrips_WhenSetAndCleared() => await StoreScenarios.Paused_RoundTrips_WhenSetAndCleared(await NewStoreAsync());

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }
}
