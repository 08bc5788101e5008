namespace Nvidia.Dra.Core.Claims;

/// <summary>Request matching per resource.k8s.io/v1: a reference to <c>main</c> covers <c>main/&lt;sub&gt;</c>.</summary>
internal static class RequestNames
{
    public static bool Matches(string configRequest, string resultRequest) =>
        string.Equals(configRequest, resultRequest, StringComparison.Ordinal) ||
        (resultRequest.Length > configRequest.Length + 1 &&
         resultRequest.StartsWith(configRequest, StringComparison.Ordinal) &&
         resultRequest[configRequest.Length] == '/' &&
         !configRequest.Contains('/', StringComparison.Ordinal));

    public static bool IsValid(string request)
    {
        var parts = request.Split('/');
        return parts.Length is 1 or 2 && parts.All(Naming.KubernetesNames.IsDnsLabel);
    }
}
