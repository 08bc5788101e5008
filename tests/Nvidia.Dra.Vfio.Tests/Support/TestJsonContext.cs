using System.Text.Json.Serialization;

namespace Nvidia.Dra.Vfio.Tests;

/// <summary>A consumer's own source-generated context, as Core's checkpoint would have.</summary>
[JsonSerializable(typeof(PciAddress[]))]
[JsonSerializable(typeof(DriverSwitchRecord))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
}
