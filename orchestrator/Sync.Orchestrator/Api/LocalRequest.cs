using System.Net;
using Microsoft.AspNetCore.Http;

namespace Sync.Orchestrator.Api;

/// <summary>Whether a request comes from the machine itself, by the same rule as Hangfire's local-only dashboard filter.</summary>
public static class LocalRequest
{
    public static bool IsLocal(ConnectionInfo connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var remote = connection.RemoteIpAddress;
        if (remote is null) return false;
        if (IPAddress.IsLoopback(remote)) return true;
        return connection.LocalIpAddress is { } local && remote.Equals(local);
    }
}
