namespace Sync.Orchestrator.Dashboard;

/// <summary>A dashboard form field the action cannot use (e.g. a parameter line without '=').</summary>
public sealed class DashboardInputException(string message) : Exception(message);
