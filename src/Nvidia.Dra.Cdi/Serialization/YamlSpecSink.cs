using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>
/// Writes the spec as YAML with YamlDotNet's emitter (no reflection). Strings that would read back as another
/// type under YAML 1.1 (<c>"0"</c>, <c>"yes"</c>, <c>"0644"</c>, <c>""</c>, <c>"~"</c>) are double-quoted so that
/// a round trip is exact.
/// </summary>
internal sealed class YamlSpecSink(IEmitter emitter) : ISpecSink
{
    public void StartObject(string? name = null)
    {
        Key(name);
        emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Block));
    }

    public void EndObject() => emitter.Emit(new MappingEnd());

    public void StartArray(string name, bool empty = false)
    {
        Key(name);
        emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, empty ? SequenceStyle.Flow : SequenceStyle.Block));
    }

    public void EndArray() => emitter.Emit(new SequenceEnd());

    public void String(string? name, string value)
    {
        Key(name);
        Text(value);
    }

    public void Number(string? name, string digits)
    {
        Key(name);
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, digits, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
    }

    public void Bool(string? name, bool value)
    {
        Key(name);
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value ? "true" : "false", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
    }

    private void Key(string? name)
    {
        if (name is not null)
        {
            Text(name);
        }
    }

    // Control and other non-printable characters only survive inside double quotes, as escapes.
    private static bool NeedsEscapes(string value)
    {
        foreach (var c in value)
        {
            if ((char.IsControl(c) && c != '\n') || char.IsSurrogate(c) || c is '\uFEFF' or '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF')
            {
                return true;
            }
        }

        return false;
    }

    private void Text(string value)
    {
        // Line breaks go double-quoted too: left to the emitter, a string of only line breaks becomes a block scalar
        // whose chomping gives back "" instead of "\n".
        var style = Yaml11Resolver.NeedsQuotes(value) || NeedsEscapes(value) || value.Contains('\n')
            ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, style, isPlainImplicit: true, isQuotedImplicit: true));
    }
}
