using System.Text.Json.Nodes;

namespace Nvidia.Dra.Kubelet.Tests.Hosting.Support;

/// <summary>ResourceClaims as the API server stores them, for seeding the fake.</summary>
public static class TestClaims
{
    public const string Driver = "gpu.example.com";

    public static JsonObject Allocated(string ns, string name, string uid, params (string Request, string Driver, string Device)[] results) => new()
    {
        ["metadata"] = new JsonObject { ["namespace"] = ns, ["name"] = name, ["uid"] = uid },
        ["spec"] = new JsonObject { ["devices"] = new JsonObject { ["requests"] = new JsonArray() } },
        ["status"] = new JsonObject
        {
            ["allocation"] = new JsonObject
            {
                ["devices"] = new JsonObject
                {
                    ["results"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject { ["request"] = r.Request, ["driver"] = r.Driver, ["pool"] = "node-1", ["device"] = r.Device })]),
                    ["config"] = new JsonArray(),
                },
            },
        },
    };

    public static JsonObject Unallocated(string ns, string name, string uid) => new()
    {
        ["metadata"] = new JsonObject { ["namespace"] = ns, ["name"] = name, ["uid"] = uid },
        ["spec"] = new JsonObject { ["devices"] = new JsonObject { ["requests"] = new JsonArray() } },
    };
}
