using System.Text.Json;
using k8s.Models;
using Nvidia.Dra.Core.Kubernetes;

namespace Nvidia.Dra.Driver;

/// <summary>The official client's ResourceClaim model mapped onto the parts Core reads.</summary>
internal static class ClaimMapping
{
    public static ResourceClaim ToCore(Resourcev1ResourceClaim claim)
    {
        var devices = claim.Status?.Allocation?.Devices;
        return new ResourceClaim
        {
            Metadata = new ObjectMeta
            {
                Name = claim.Metadata?.Name,
                Namespace = claim.Metadata?.NamespaceProperty,
                Uid = claim.Metadata?.Uid,
                Labels = claim.Metadata?.Labels?.ToDictionary(StringComparer.Ordinal),
                Annotations = claim.Metadata?.Annotations?.ToDictionary(StringComparer.Ordinal),
            },
            Status = claim.Status?.Allocation is null ? null : new ResourceClaimStatus
            {
                Allocation = new AllocationResult
                {
                    Devices = devices is null ? null : new DeviceAllocationResult
                    {
                        Results = devices.Results?.Select(r => new DeviceRequestAllocationResult
                        {
                            Request = r.Request,
                            Driver = r.Driver,
                            Pool = r.Pool,
                            Device = r.Device,
                            AdminAccess = r.AdminAccess,
                            ShareId = r.ShareID,
                        }).ToList(),
                        Config = devices.Config?.Select(c => new DeviceAllocationConfiguration
                        {
                            Source = c.Source,
                            Requests = c.Requests?.ToList(),
                            Opaque = c.Opaque is null ? null : new OpaqueDeviceConfiguration(c.Opaque.Driver, Parameters(c.Opaque.Parameters)),
                        }).ToList(),
                    },
                },
            },
        };
    }

    /// <summary>The client deserialises a RawExtension as a <see cref="JsonElement"/>; anything else is re-read from its text.</summary>
    private static JsonElement Parameters(object? parameters) => parameters switch
    {
        JsonElement element => element.Clone(),
        null => JsonDocument.Parse("null").RootElement.Clone(),
        string text => JsonDocument.Parse(text).RootElement.Clone(),
        _ => JsonDocument.Parse(k8s.KubernetesJson.Serialize(parameters)).RootElement.Clone(),
    };
}
