using System.Globalization;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// Reads a function's identity out of its <c>modalias</c>, which the kernel prints from the same config-space fields
/// as <c>vendor</c>, <c>device</c> and <c>class</c> (<c>pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X</c>): one file
/// instead of three where a plan needs the identity and the modalias anyway.
/// </summary>
internal static class PciModalias
{
    private const int Length = 53;

    /// <summary>Parses the identity; false for anything not in the kernel's exact format.</summary>
    /// <param name="text">The modalias, trimmed.</param>
    /// <param name="vendorId">The vendor id.</param>
    /// <param name="deviceId">The device id.</param>
    /// <param name="classCode">The 24-bit class code.</param>
    /// <returns>Whether <paramref name="text"/> is a PCI modalias.</returns>
    public static bool TryParseIdentity(string? text, out ushort vendorId, out ushort deviceId, out int classCode)
    {
        vendorId = 0;
        deviceId = 0;
        classCode = 0;
        if (text is not { Length: Length } ||
            !text.StartsWith("pci:v", StringComparison.Ordinal) || text[13] != 'd' || !Is(text, 22, "sv") ||
            !Is(text, 32, "sd") || !Is(text, 42, "bc") || !Is(text, 46, "sc") || text[50] != 'i' ||
            !TryHex(text, 5, 8, out var vendor) || vendor > ushort.MaxValue ||
            !TryHex(text, 14, 8, out var device) || device > ushort.MaxValue ||
            !TryHex(text, 24, 8, out _) || !TryHex(text, 34, 8, out _) ||
            !TryHex(text, 44, 2, out var baseClass) || !TryHex(text, 48, 2, out var subclass) || !TryHex(text, 51, 2, out var programming))
        {
            return false;
        }

        vendorId = (ushort)vendor;
        deviceId = (ushort)device;
        classCode = (int)((baseClass << 16) | (subclass << 8) | programming);
        return true;
    }

    private static bool Is(string text, int start, string expected) => text.AsSpan(start, expected.Length).SequenceEqual(expected);

    private static bool TryHex(string text, int start, int length, out uint value) =>
        uint.TryParse(text.AsSpan(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
