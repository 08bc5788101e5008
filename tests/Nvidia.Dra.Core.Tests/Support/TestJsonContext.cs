using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Tests.Support;

[JsonSerializable(typeof(string))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
}
