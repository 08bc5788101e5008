using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Nvidia.Dra.Nvml;

/// <summary>
/// Converts PCI bus ids between NVML's forms (<c>00000000:3B:00.0</c>, legacy <c>0000:3B:00.0</c>) and the sysfs
/// form Kubernetes and this project use (<c>0000:3b:00.0</c>). Compare bus ids only after normalising both sides.
/// </summary>
public static class NvmlPciBusId
{
    /// <summary>Normalises <paramref name="busId"/> to the sysfs form.</summary>
    /// <param name="busId">A bus id as <c>domain:bus:device.function</c> or <c>bus:device.function</c>, in hex,
    /// with a domain of up to 8 digits.</param>
    /// <exception cref="FormatException"><paramref name="busId"/> is not a PCI bus id.</exception>
    public static string Normalize(string busId)
    {
        ArgumentNullException.ThrowIfNull(busId);
        return TryNormalize(busId, out var normalized)
            ? normalized
            : throw new FormatException($"'{busId}' is not a PCI bus id; expected the form 0000:3b:00.0.");
    }

    /// <summary>Normalises <paramref name="busId"/> to the sysfs form, or returns <see langword="false"/>.</summary>
    /// <param name="busId">The bus id to normalise.</param>
    /// <param name="normalized">The sysfs form when this returns <see langword="true"/>.</param>
    public static bool TryNormalize(string? busId, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(busId))
        {
            return false;
        }

        var parts = busId.Trim().Split(':');
        if (parts.Length is < 2 or > 3)
        {
            return false;
        }

        var domainText = parts.Length == 3 ? parts[0] : "0";
        var busText = parts[^2];
        var slot = parts[^1].Split('.');
        if (slot.Length != 2
            || !TryHex(domainText, 8, out var domain)
            || !TryHex(busText, 2, out var bus)
            || !TryHex(slot[0], 2, out var device)
            || !TryHex(slot[1], 1, out var function)
            || device > 0x1F
            || function > 7)
        {
            return false;
        }

        normalized = string.Create(CultureInfo.InvariantCulture, stackalloc char[32], $"{domain:x4}:{bus:x2}:{device:x2}.{function:x1}");
        return true;
    }

    private static bool TryHex(string text, int maxDigits, out uint value)
    {
        value = 0;
        return text.Length > 0
            && text.Length <= maxDigits
            && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
