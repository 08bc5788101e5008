namespace Nvidia.Dra.Cdi;

/// <summary>
/// The character rules for CDI vendor, class and device names, and the splitting of kinds and qualified device
/// names, exactly as the reference library applies them (ASCII only; see the package README for the deviations
/// from SPEC.md).
/// </summary>
public static class CdiNames
{
    /// <summary>Formats a qualified device name, <c>vendor/class=name</c>, without validating it.</summary>
    /// <param name="vendor">The vendor, e.g. <c>nvidia.com</c>.</param>
    /// <param name="class">The class, e.g. <c>gpu</c>.</param>
    /// <param name="name">The device name, e.g. <c>0</c>.</param>
    /// <returns>The qualified name.</returns>
    public static string QualifiedName(string vendor, string @class, string name)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        ArgumentNullException.ThrowIfNull(@class);
        ArgumentNullException.ThrowIfNull(name);
        return vendor + "/" + @class + "=" + name;
    }

    /// <summary>
    /// Splits a kind (<c>vendor/class</c>) at its first <c>/</c>. When there is no <c>/</c> or either side is
    /// empty, the vendor is empty and the class is the whole input.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The vendor and class.</returns>
    public static (string Vendor, string Class) ParseKind(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var slash = kind.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == kind.Length - 1)
        {
            return (string.Empty, kind);
        }

        return (kind[..slash], kind[(slash + 1)..]);
    }

    /// <summary>
    /// Splits a device reference into vendor, class and name without validating the parts. Input that is not of
    /// the form <c>vendor/class=name</c> (empty, starting with <c>/</c>, no <c>=</c>, no <c>/</c> before it, or an
    /// empty part) comes back with an empty vendor and class and the whole input as the name.
    /// </summary>
    /// <param name="device">The device reference.</param>
    /// <returns>The vendor, class and name.</returns>
    public static (string Vendor, string Class, string Name) ParseDevice(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Length == 0 || device[0] == '/')
        {
            return (string.Empty, string.Empty, device);
        }

        var equals = device.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == device.Length - 1)
        {
            return (string.Empty, string.Empty, device);
        }

        var (vendor, @class) = ParseKind(device[..equals]);
        if (vendor.Length == 0)
        {
            return (string.Empty, string.Empty, device);
        }

        return (vendor, @class, device[(equals + 1)..]);
    }

    /// <summary>Checks a vendor name: a letter first, a letter or digit last, letters, digits, <c>_</c>, <c>-</c>, <c>.</c> between.</summary>
    /// <param name="vendor">The vendor name.</param>
    /// <returns><see langword="null"/> when valid, otherwise the reason.</returns>
    public static string? ValidateVendorName(string vendor)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        var error = ValidateVendorOrClassName(vendor);
        return error is null ? null : "invalid vendor. " + error;
    }

    /// <summary>Checks a class name (same rule as <see cref="ValidateVendorName"/>).</summary>
    /// <param name="class">The class name.</param>
    /// <returns><see langword="null"/> when valid, otherwise the reason.</returns>
    public static string? ValidateClassName(string @class)
    {
        ArgumentNullException.ThrowIfNull(@class);
        var error = ValidateVendorOrClassName(@class);
        return error is null ? null : "invalid class. " + error;
    }

    /// <summary>
    /// Checks a kind: it must split at its first <c>/</c> into a valid vendor and a valid class (so a second
    /// <c>/</c> makes the class invalid).
    /// </summary>
    /// <param name="kind">The kind, e.g. <c>nvidia.com/gpu</c>.</param>
    /// <returns><see langword="null"/> when valid, otherwise the reason.</returns>
    public static string? ValidateKind(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var (vendor, @class) = ParseKind(kind);
        if (vendor.Length == 0)
        {
            return $"invalid kind \"{kind}\": it must have the form vendor/class, e.g. nvidia.com/gpu (invalid vendor. empty name)";
        }

        return ValidateVendorName(vendor) ?? ValidateClassName(@class);
    }

    /// <summary>
    /// Checks a device name: a letter or digit first, a letter or digit last, letters, digits, <c>_</c>,
    /// <c>-</c>, <c>.</c>, <c>:</c> between. (A leading digit also needs <c>cdiVersion</c> 0.5.0, which the
    /// version check enforces.)
    /// </summary>
    /// <param name="name">The device name.</param>
    /// <returns><see langword="null"/> when valid, otherwise the reason.</returns>
    public static string? ValidateDeviceName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "invalid (empty) device name";
        }

        if (!IsAlphaNumeric(name[0]))
        {
            return $"invalid class \"{name}\", should start with a letter or digit";
        }

        if (name.Length == 1)
        {
            return null;
        }

        foreach (var c in name.AsSpan(1, name.Length - 2))
        {
            if (!IsAlphaNumeric(c) && c is not ('_' or '-' or '.' or ':'))
            {
                return $"invalid character '{c}' in device name \"{name}\"";
            }
        }

        return IsAlphaNumeric(name[^1]) ? null : $"invalid name \"{name}\", should end with a letter or digit";
    }

    /// <summary>Gets whether the character is an ASCII letter.</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> for <c>A</c>–<c>Z</c> and <c>a</c>–<c>z</c>.</returns>
    public static bool IsLetter(char c) => char.IsAsciiLetter(c);

    /// <summary>Gets whether the character is an ASCII letter or digit.</summary>
    /// <param name="c">The character.</param>
    /// <returns><see langword="true"/> for ASCII letters and digits.</returns>
    public static bool IsAlphaNumeric(char c) => char.IsAsciiLetterOrDigit(c);

    private static string? ValidateVendorOrClassName(string name)
    {
        if (name.Length == 0)
        {
            return "empty name";
        }

        if (!IsLetter(name[0]))
        {
            return $"\"{name}\", should start with letter";
        }

        // A single letter is valid (the reference library panics on it up to v1.1.0 and accepts it on main).
        if (name.Length == 1)
        {
            return null;
        }

        foreach (var c in name.AsSpan(1, name.Length - 2))
        {
            if (!IsAlphaNumeric(c) && c is not ('_' or '-' or '.'))
            {
                return $"invalid character '{c}' in name \"{name}\"";
            }
        }

        return IsAlphaNumeric(name[^1]) ? null : $"\"{name}\", should end with a letter or digit";
    }
}
