using System.Text.Json.Nodes;

namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>The <c>Status</c> object an API server answers errors with (and that watch ERROR events carry).</summary>
internal static class ApiStatus
{
    public static JsonObject Failure(int code, string reason, string message, string? kind = null, string? name = null, string group = "resource.k8s.io") => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = kind is null ? new JsonObject() : new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = kind },
        ["code"] = code,
    };

    public static JsonObject NotFound(string resource, string name, string group = "resource.k8s.io") =>
        Failure(404, "NotFound", $"{resource}{(group.Length > 0 ? "." + group : string.Empty)} \"{name}\" not found", resource, name, group);

    public static JsonObject Conflict(string resource, string name, string why) =>
        Failure(409, "Conflict", $"Operation cannot be fulfilled on {resource}.resource.k8s.io \"{name}\": {why}", resource, name);

    public static JsonObject AlreadyExists(string resource, string name) =>
        Failure(409, "AlreadyExists", $"{resource}.resource.k8s.io \"{name}\" already exists", resource, name);

    public static JsonObject Gone(string message) => Failure(410, "Expired", message);

    public static JsonObject BadRequest(string message) => Failure(400, "BadRequest", message);

    public static JsonObject Invalid(string resource, string name, string message) =>
        Failure(422, "Invalid", $"{resource}.resource.k8s.io \"{name}\" is invalid: {message}", resource, name);
}
