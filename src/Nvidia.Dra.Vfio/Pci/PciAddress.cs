using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// The address of one PCI function: domain, bus, device and function.
/// Parses both the sysfs form (<c>0000:3b:00.0</c>) and NVML's bus id form (<c>00000000:3B:00.0</c>);
/// <see cref="ToString"/> gives the sysfs form, which is also the Kubernetes <c>pciBusID</c> form.
/// </summary>
[JsonConverter(typeof(PciAddressJsonConverter))]
public readonly record struct PciAddress : IComparable<PciAddress>, IParsable<PciAddress>
{
    private const int MaxDevice = 0x1f;
    private const int MaxFunction = 0x7;

    /// <summary>Creates an address from its parts.</summary>
    /// <param name="domain">PCI segment (domain); sysfs prints at least four hex digits, NVML eight.</param>
    /// <param name="bus">Bus number, 0 to 255.</param>
    /// <param name="device">Device (slot) number, 0 to 31.</param>
    /// <param name="function">Function number, 0 to 7.</param>
    /// <exception cref="ArgumentOutOfRangeException">The device or function number is out of range.</exception>
    public PciAddress(uint domain, byte bus, byte device, byte function)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(device, (byte)MaxDevice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(function, (byte)MaxFunction);
        Domain = domain;
        Bus = bus;
        Device = device;
        Function = function;
    }

    /// <summary>Gets the PCI segment (domain).</summary>
    public uint Domain { get; }

    /// <summary>Gets the bus number.</summary>
    public byte Bus { get; }

    /// <summary>Gets the device (slot) number, 0 to 31.</summary>
    public byte Device { get; }

    /// <summary>Gets the function number, 0 to 7.</summary>
    public byte Function { get; }

    /// <summary>Compares two addresses by domain, bus, device, function.</summary>
    public static bool operator <(PciAddress left, PciAddress right) => left.CompareTo(right) < 0;

    /// <summary>Compares two addresses by domain, bus, device, function.</summary>
    public static bool operator >(PciAddress left, PciAddress right) => left.CompareTo(right) > 0;

    /// <summary>Compares two addresses by domain, bus, device, function.</summary>
    public static bool operator <=(PciAddress left, PciAddress right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two addresses by domain, bus, device, function.</summary>
    public static bool operator >=(PciAddress left, PciAddress right) => left.CompareTo(right) >= 0;

    /// <summary>Parses the sysfs form, the NVML form, or the short <c>bb:dd.f</c> form (domain 0).</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The address.</returns>
    /// <exception cref="FormatException">The text is not a PCI address.</exception>
    public static PciAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan(), out var address)
            ? address
            : throw new FormatException(
                $"'{text}' is not a PCI address; expected 'dddd:bb:dd.f' (sysfs) or 'dddddddd:BB:DD.F' (NVML), hex digits.");
    }

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="s">The text to parse.</param>
    /// <param name="provider">Ignored; the format is culture-invariant.</param>
    public static PciAddress Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Tries to parse the sysfs form, the NVML form, or the short <c>bb:dd.f</c> form.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="address">The address when the text is valid.</param>
    /// <returns><see langword="true"/> when the text is a PCI address.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out PciAddress address)
    {
        if (text is null)
        {
            address = default;
            return false;
        }

        return TryParse(text.AsSpan(), out address);
    }

    /// <inheritdoc cref="TryParse(string?, out PciAddress)"/>
    /// <param name="s">The text to parse.</param>
    /// <param name="provider">Ignored; the format is culture-invariant.</param>
    /// <param name="result">The address when the text is valid.</param>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out PciAddress result) =>
        TryParse(s, out result);

    /// <summary>Tries to parse an address from characters without allocating.</summary>
    /// <param name="text">The characters to parse.</param>
    /// <param name="address">The address when the text is valid.</param>
    /// <returns><see langword="true"/> when the text is a PCI address.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out PciAddress address)
    {
        address = default;
        var dot = text.LastIndexOf('.');
        if (dot < 0 || dot != text.Length - 2)
        {
            return false;
        }

        var head = text[..dot];
        var lastColon = head.LastIndexOf(':');
        if (lastColon < 0)
        {
            return false;
        }

        var deviceText = head[(lastColon + 1)..];
        var rest = head[..lastColon];
        var busColon = rest.LastIndexOf(':');
        var busText = busColon < 0 ? rest : rest[(busColon + 1)..];
        var domainText = busColon < 0 ? "0".AsSpan() : rest[..busColon];

        if (deviceText.Length != 2 || busText.Length != 2 || domainText.Length is < 1 or > 8)
        {
            return false;
        }

        if (!TryHex(domainText, out var domain) || !TryHex(busText, out var bus) ||
            !TryHex(deviceText, out var device) || !TryHex(text[(dot + 1)..], out var function) ||
            device > MaxDevice || function > MaxFunction)
        {
            return false;
        }

        address = new PciAddress(domain, (byte)bus, (byte)device, (byte)function);
        return true;
    }

    /// <summary>Formats the address in NVML's bus id form, e.g. <c>00000000:3B:00.0</c>.</summary>
    /// <returns>Eight upper-case hex digits of domain, then bus, device and function.</returns>
    public string ToNvmlString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Domain:X8}:{Bus:X2}:{Device:X2}.{Function:X1}");

    /// <summary>Formats the address in the sysfs form, e.g. <c>0000:3b:00.0</c>.</summary>
    /// <returns>At least four lower-case hex digits of domain, then bus, device and function.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Domain:x4}:{Bus:x2}:{Device:x2}.{Function:x1}");

    /// <summary>Whether both functions sit in the same slot (same domain, bus and device): one physical board.</summary>
    /// <param name="other">The other function.</param>
    /// <returns><see langword="true"/> when only the function numbers may differ.</returns>
    public bool IsSameSlot(PciAddress other) => Domain == other.Domain && Bus == other.Bus && Device == other.Device;

    /// <inheritdoc/>
    public int CompareTo(PciAddress other)
    {
        var byDomain = Domain.CompareTo(other.Domain);
        if (byDomain != 0)
        {
            return byDomain;
        }

        var byBus = Bus.CompareTo(other.Bus);
        if (byBus != 0)
        {
            return byBus;
        }

        var byDevice = Device.CompareTo(other.Device);
        return byDevice != 0 ? byDevice : Function.CompareTo(other.Function);
    }

    private static bool TryHex(ReadOnlySpan<char> text, out uint value) =>
        uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
