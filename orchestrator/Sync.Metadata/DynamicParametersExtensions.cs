using Dapper;

namespace Sync.Metadata;

internal static class DynamicParametersExtensions
{
    /// <summary>Adds the properties of <paramref name="more"/> to the parameters.</summary>
    public static DynamicParameters Merge(this DynamicParameters parameters, object more)
    {
        parameters.AddDynamicParams(more);
        return parameters;
    }
}
