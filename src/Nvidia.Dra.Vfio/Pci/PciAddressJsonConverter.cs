using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nvidia.Dra.Vfio;

/// <summary>Writes a <see cref="PciAddress"/> as its sysfs string and reads either accepted form.</summary>
public sealed class PciAddressJsonConverter : JsonConverter<PciAddress>
{
    /// <inheritdoc/>
    public override PciAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return PciAddress.TryParse(text, out var address)
            ? address
            : throw new JsonException($"'{text}' is not a PCI address ('dddd:bb:dd.f').");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, PciAddress value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
