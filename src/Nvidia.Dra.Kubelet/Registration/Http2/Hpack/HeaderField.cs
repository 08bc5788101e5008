namespace Nvidia.Dra.Kubelet.Registration.Http2.Hpack;

/// <summary>One decoded header field. Names and values are octets, read as Latin-1 so that every byte round-trips.</summary>
internal readonly record struct HeaderField(string Name, string Value)
{
    /// <summary>The size HPACK charges for the entry in a dynamic table (RFC 7541 §4.1): octets plus 32.</summary>
    public int Size => Name.Length + Value.Length + 32;
}
