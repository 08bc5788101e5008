using System.Collections.Immutable;
using System.Text;

namespace Nvidia.Dra.Cdi;

/// <summary>
/// CDI device requests carried in container annotations (<c>cdi.k8s.io/&lt;plugin&gt;_&lt;deviceID&gt;</c> mapped to a
/// comma-separated list of qualified device names), as the reference library writes and reads them.
/// </summary>
public static class CdiContainerAnnotations
{
    /// <summary>The prefix of CDI container annotation keys.</summary>
    public const string Prefix = "cdi.k8s.io/";

    private const int MaxNameLength = 63;

    /// <summary>
    /// Builds the annotation key for one allocation: <c>cdi.k8s.io/&lt;plugin&gt;_&lt;deviceID&gt;</c>, with every
    /// <c>/</c> in the device id replaced by <c>_</c>. The part after the prefix must be at most 63 bytes,
    /// alphanumeric at both ends, with letters, digits, <c>_</c>, <c>-</c> and <c>.</c> inside.
    /// </summary>
    /// <param name="pluginName">The plugin, by convention <c>vendor.device-type</c>.</param>
    /// <param name="deviceId">The id of the allocated device, keeping keys unique per allocation.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CdiNameException">The plugin name or device id is empty, too long or has a bad character.</exception>
    public static string Key(string pluginName, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(pluginName);
        ArgumentNullException.ThrowIfNull(deviceId);
        if (pluginName.Length == 0)
        {
            throw new CdiNameException(pluginName, "invalid plugin name, empty; use vendor.device-type");
        }

        if (deviceId.Length == 0)
        {
            throw new CdiNameException(deviceId, "invalid deviceID, empty; pass the id of the allocated device");
        }

        var name = pluginName + "_" + deviceId.Replace('/', '_');
        if (Encoding.UTF8.GetByteCount(name) > MaxNameLength)
        {
            throw new CdiNameException(name, $"invalid plugin+deviceID \"{name}\", too long; at most {MaxNameLength} bytes");
        }

        if (!CdiNames.IsAlphaNumeric(name[0]))
        {
            throw new CdiNameException(name, $"invalid name \"{name}\", first '{name[0]}' should be alphanumeric");
        }

        if (name.Length > 2)
        {
            foreach (var c in name.AsSpan(1, name.Length - 2))
            {
                if (!CdiNames.IsAlphaNumeric(c) && c is not ('_' or '-' or '.'))
                {
                    throw new CdiNameException(name, $"invalid name \"{name}\", invalid character '{c}'");
                }
            }
        }

        return CdiNames.IsAlphaNumeric(name[^1])
            ? Prefix + name
            : throw new CdiNameException(name, $"invalid name \"{name}\", last '{name[^1]}' should be alphanumeric");
    }

    /// <summary>Builds the annotation value: the qualified device names joined by commas.</summary>
    /// <param name="devices">The qualified device names.</param>
    /// <returns>The value (empty for no devices).</returns>
    /// <exception cref="CdiNameException">A name is not a valid qualified device name.</exception>
    public static string Value(IEnumerable<string> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var names = devices.ToList();
        foreach (var device in names)
        {
            QualifiedDeviceName.Parse(device ?? string.Empty);
        }

        return string.Join(',', names);
    }

    /// <summary>
    /// Returns the annotations with a request for <paramref name="devices"/> added under
    /// <see cref="Key(string, string)"/>. The input is not changed.
    /// </summary>
    /// <param name="annotations">The existing annotations, or <see langword="null"/>.</param>
    /// <param name="pluginName">The plugin, by convention <c>vendor.device-type</c>.</param>
    /// <param name="deviceId">The id of the allocated device.</param>
    /// <param name="devices">The qualified device names to request.</param>
    /// <returns>The updated annotations.</returns>
    /// <exception cref="CdiNameException">The key is invalid or already used, or a device name is invalid.</exception>
    public static ImmutableDictionary<string, string> Update(
        IReadOnlyDictionary<string, string>? annotations, string pluginName, string deviceId, IEnumerable<string> devices)
    {
        var key = Key(pluginName, deviceId);
        if (annotations is not null && annotations.ContainsKey(key))
        {
            throw new CdiNameException(key, $"CDI annotation failed, key \"{key}\" used; use a distinct device id per allocation");
        }

        var value = Value(devices);
        var result = (annotations ?? ImmutableDictionary<string, string>.Empty).ToImmutableDictionary(StringComparer.Ordinal);
        return result.Add(key, value);
    }

    /// <summary>
    /// Collects the CDI device requests from annotations: the keys starting with <see cref="Prefix"/> and every
    /// device their values name (keys and devices in ordinal key order).
    /// </summary>
    /// <param name="annotations">The annotations.</param>
    /// <returns>The CDI keys and the requested devices.</returns>
    /// <exception cref="CdiNameException">A requested device is not a valid qualified name (e.g. <c>/dev/null</c>).</exception>
    public static (ImmutableArray<string> Keys, ImmutableArray<string> Devices) Parse(IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var keys = ImmutableArray.CreateBuilder<string>();
        var devices = ImmutableArray.CreateBuilder<string>();
        foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var device in (value ?? string.Empty).Split(','))
            {
                if (!QualifiedDeviceName.IsQualifiedName(device))
                {
                    throw new CdiNameException(device, $"invalid CDI device name \"{device}\" in annotation \"{key}\"; use vendor/class=name");
                }

                devices.Add(device);
            }

            keys.Add(key);
        }

        return (keys.ToImmutable(), devices.ToImmutable());
    }
}
