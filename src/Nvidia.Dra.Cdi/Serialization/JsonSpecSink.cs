using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>Writes the spec as compact JSON with <see cref="Utf8JsonWriter"/> (no reflection).</summary>
internal sealed class JsonSpecSink(Utf8JsonWriter writer) : ISpecSink
{
    public static JsonWriterOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    public void StartObject(string? name = null)
    {
        if (name is null)
        {
            writer.WriteStartObject();
        }
        else
        {
            writer.WriteStartObject(name);
        }
    }

    public void EndObject() => writer.WriteEndObject();

    public void StartArray(string name, bool empty = false) => writer.WriteStartArray(name);

    public void EndArray() => writer.WriteEndArray();

    public void String(string? name, string value)
    {
        if (name is null)
        {
            writer.WriteStringValue(value);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public void Number(string? name, string digits)
    {
        if (name is not null)
        {
            writer.WritePropertyName(name);
        }

        writer.WriteRawValue(digits, skipInputValidation: true);
    }

    public void Bool(string? name, bool value)
    {
        if (name is null)
        {
            writer.WriteBooleanValue(value);
        }
        else
        {
            writer.WriteBoolean(name, value);
        }
    }
}
