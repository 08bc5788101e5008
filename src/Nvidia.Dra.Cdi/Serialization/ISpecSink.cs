namespace Nvidia.Dra.Cdi.Serialization;

/// <summary>A JSON-shaped output; a <see langword="null"/> name means an array element.</summary>
internal interface ISpecSink
{
    void StartObject(string? name = null);

    void EndObject();

    void StartArray(string name, bool empty = false);

    void EndArray();

    void String(string? name, string value);

    void Number(string? name, string digits);

    void Bool(string? name, bool value);
}
