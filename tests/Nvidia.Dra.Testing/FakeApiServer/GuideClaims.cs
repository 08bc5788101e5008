using System.Text.Json.Nodes;

namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>
/// The claim Kubernetes makes from the NVIDIA KubeVirt guide's ResourceClaimTemplate (request <c>dra-gpu</c> of class
/// <c>vfio.gpu.nvidia.com</c>, opaque <c>VfioDeviceConfig</c> with <c>backendPolicy: LegacyOnly</c> and
/// <c>enableAPIDevice: true</c>), allocated one device, as the API server stores it.
/// </summary>
public static class GuideClaims
{
    /// <summary>The allocated claim.</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="name">The claim name.</param>
    /// <param name="uid">The UID.</param>
    /// <param name="pool">The pool (the node name).</param>
    /// <param name="device">The allocated device (a <c>gpu-vfio-…</c> device of the slice).</param>
    /// <param name="podClaimName">The pod-local claim name (annotation of template claims).</param>
    /// <returns>The claim object.</returns>
    public static JsonObject VfioGpu(string ns, string name, string uid, string pool, string device, string podClaimName = "gpu") => new()
    {
        ["apiVersion"] = "resource.k8s.io/v1",
        ["kind"] = "ResourceClaim",
        ["metadata"] = new JsonObject
        {
            ["namespace"] = ns,
            ["name"] = name,
            ["uid"] = uid,
            ["annotations"] = new JsonObject { ["resource.kubernetes.io/pod-claim-name"] = podClaimName },
        },
        ["spec"] = new JsonObject
        {
            ["devices"] = new JsonObject
            {
                ["requests"] = new JsonArray(new JsonObject
                {
                    ["name"] = "dra-gpu",
                    ["exactly"] = new JsonObject { ["allocationMode"] = "ExactCount", ["count"] = 1, ["deviceClassName"] = "vfio.gpu.nvidia.com" },
                }),
                ["config"] = new JsonArray(Config()),
            },
        },
        ["status"] = new JsonObject
        {
            ["allocation"] = new JsonObject
            {
                ["devices"] = new JsonObject
                {
                    ["results"] = new JsonArray(new JsonObject { ["request"] = "dra-gpu", ["driver"] = "gpu.nvidia.com", ["pool"] = pool, ["device"] = device }),
                    ["config"] = new JsonArray(Config("FromClaim")),
                },
            },
        },
    };

    private static JsonObject Config(string? source = null)
    {
        var config = new JsonObject();
        if (source is not null)
        {
            config["source"] = source;
        }

        config["requests"] = new JsonArray("dra-gpu");
        config["opaque"] = new JsonObject
        {
            ["driver"] = "gpu.nvidia.com",
            ["parameters"] = new JsonObject
            {
                ["apiVersion"] = "resource.nvidia.com/v1beta1",
                ["kind"] = "VfioDeviceConfig",
                ["iommu"] = new JsonObject { ["backendPolicy"] = "LegacyOnly", ["enableAPIDevice"] = true },
            },
        };
        return config;
    }
}
