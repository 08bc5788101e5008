using System.Diagnostics.CodeAnalysis;

namespace Nvidia.Dra.Cdi;

/// <summary>A validated, fully qualified CDI device name: <c>vendor/class=name</c>.</summary>
public readonly record struct QualifiedDeviceName
{
    private QualifiedDeviceName(string vendor, string @class, string name)
    {
        Vendor = vendor;
        Class = @class;
        Name = name;
    }

    /// <summary>Gets the vendor, e.g. <c>nvidia.com</c>.</summary>
    public string Vendor { get; }

    /// <summary>Gets the class, e.g. <c>gpu</c>.</summary>
    public string Class { get; }

    /// <summary>Gets the device name, e.g. <c>0</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the kind, <c>vendor/class</c>.</summary>
    public string Kind => Vendor + "/" + Class;

    /// <summary>Creates a qualified name from its parts, validating each.</summary>
    /// <param name="vendor">The vendor.</param>
    /// <param name="class">The class.</param>
    /// <param name="name">The device name.</param>
    /// <returns>The qualified name.</returns>
    /// <exception cref="CdiNameException">A part breaks the CDI character rules.</exception>
    public static QualifiedDeviceName Create(string vendor, string @class, string name) =>
        Parse(CdiNames.QualifiedName(vendor, @class, name));

    /// <summary>Parses <c>vendor/class=name</c>, validating every part.</summary>
    /// <param name="device">The text to parse.</param>
    /// <returns>The qualified name.</returns>
    /// <exception cref="CdiNameException">The text is not a valid qualified device name.</exception>
    public static QualifiedDeviceName Parse(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return TryParse(device, out var result, out var error)
            ? result
            : throw new CdiNameException(device, error + ". Use the form vendor/class=name, e.g. nvidia.com/gpu=0");
    }

    /// <summary>Parses <c>vendor/class=name</c>, validating every part.</summary>
    /// <param name="device">The text to parse.</param>
    /// <param name="result">The qualified name when valid.</param>
    /// <returns>Whether the text is a valid qualified device name.</returns>
    public static bool TryParse([NotNullWhen(true)] string? device, out QualifiedDeviceName result) =>
        TryParse(device, out result, out _);

    /// <summary>Parses <c>vendor/class=name</c>, validating every part, and says why it failed.</summary>
    /// <param name="device">The text to parse.</param>
    /// <param name="result">The qualified name when valid.</param>
    /// <param name="error">The reason when invalid (the reference library's wording).</param>
    /// <returns>Whether the text is a valid qualified device name.</returns>
    public static bool TryParse(
        [NotNullWhen(true)] string? device,
        out QualifiedDeviceName result,
        [NotNullWhen(false)] out string? error)
    {
        result = default;
        if (device is null)
        {
            error = "unqualified device \"\", missing vendor";
            return false;
        }

        var (vendor, @class, name) = CdiNames.ParseDevice(device);
        error = vendor.Length == 0 ? $"unqualified device \"{device}\", missing vendor"
            : @class.Length == 0 ? $"unqualified device \"{device}\", missing class"
            : name.Length == 0 ? $"unqualified device \"{device}\", missing device name"
            : null;
        if (error is not null)
        {
            return false;
        }

        var partError = CdiNames.ValidateVendorName(vendor)
            ?? CdiNames.ValidateClassName(@class)
            ?? CdiNames.ValidateDeviceName(name);
        if (partError is not null)
        {
            error = $"invalid device \"{device}\": {partError}";
            return false;
        }

        result = new QualifiedDeviceName(vendor, @class, name);
        return true;
    }

    /// <summary>Gets whether the text is a valid qualified device name.</summary>
    /// <param name="device">The text.</param>
    /// <returns><see langword="true"/> when <see cref="TryParse(string?, out QualifiedDeviceName)"/> succeeds.</returns>
    public static bool IsQualifiedName([NotNullWhen(true)] string? device) => TryParse(device, out _);

    /// <summary>Formats the name as <c>vendor/class=name</c>.</summary>
    /// <returns>The qualified name.</returns>
    public override string ToString() => Vendor is null ? string.Empty : CdiNames.QualifiedName(Vendor, Class, Name);
}
