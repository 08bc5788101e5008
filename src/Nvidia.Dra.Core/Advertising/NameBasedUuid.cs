using System.Security.Cryptography;
using System.Text;

namespace Nvidia.Dra.Core.Advertising;

/// <summary>
/// RFC 4122 version-5 UUIDs in the DNS namespace, as upstream derives a vfio device's <c>uuid</c> from its PCI
/// address: deterministic, so the attribute is stable while the GPU is invisible to NVML.
/// </summary>
internal static class NameBasedUuid
{
    private static readonly byte[] DnsNamespace = Convert.FromHexString("6ba7b8109dad11d180b400c04fd430c8");

#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 specifies; this is an identifier, not security.
    public static string Create(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[DnsNamespace.Length + nameBytes.Length];
        DnsNamespace.CopyTo(input, 0);
        nameBytes.CopyTo(input, DnsNamespace.Length);
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
#pragma warning restore CA5350
}
