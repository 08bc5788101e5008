using System.Text.Json;

namespace Nvidia.Dra.Vfio.Tests;

public sealed class DriverSwitchRecordTests
{
    private static readonly DriverSwitchRecord Record = new(
        Addresses.WorkstationGpu,
        12,
        "vfio_pci",
        [new FunctionBinding(Addresses.WorkstationGpu, "nvidia", null), new FunctionBinding(Addresses.WorkstationAudio, "snd_hda_intel", "snd_hda_intel")]);

    [Fact]
    public void ToJson_FromJson_RoundTrips()
    {
        var json = Record.ToJson();

        json.Should().Contain("\"gpu\":\"0000:01:00.0\"").And.NotContain("\"driverOverride\":null");
        DriverSwitchRecord.FromJson(json).Should().Be(Record);
    }

    [Fact]
    public void FromJson_UnknownMember_Throws()
    {
        var act = () => DriverSwitchRecord.FromJson("{\"gpu\":\"0000:01:00.0\",\"vfioModule\":\"vfio_pci\",\"functions\":[],\"extra\":1}");

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Serialize_ConsumersOwnContext_RoundTrips()
    {
        var json = JsonSerializer.Serialize(Record, TestJsonContext.Default.DriverSwitchRecord);

        JsonSerializer.Deserialize(json, TestJsonContext.Default.DriverSwitchRecord).Should().Be(Record);
    }
}
