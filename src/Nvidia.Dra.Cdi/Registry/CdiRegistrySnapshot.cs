using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Nvidia.Dra.Cdi;

/// <summary>The result of one scan of the spec directories: the valid specs, the devices, and the errors by file.</summary>
public sealed class CdiRegistrySnapshot
{
    internal CdiRegistrySnapshot(
        ImmutableArray<CdiRegisteredSpec> specs,
        ImmutableSortedDictionary<string, CdiRegisteredDevice> devices,
        ImmutableSortedDictionary<string, ImmutableArray<string>> errors)
    {
        Specs = specs;
        Devices = devices;
        Errors = errors;
    }

    /// <summary>Gets an empty snapshot (before the first scan).</summary>
    public static CdiRegistrySnapshot Empty { get; } = new([], ImmutableSortedDictionary<string, CdiRegisteredDevice>.Empty.WithComparers(StringComparer.Ordinal), ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Gets the valid specs in load order (directory priority, then file name).</summary>
    public ImmutableArray<CdiRegisteredSpec> Specs { get; }

    /// <summary>Gets the resolvable devices by qualified name (sorted).</summary>
    public ImmutableSortedDictionary<string, CdiRegisteredDevice> Devices { get; }

    /// <summary>Gets the errors by spec file: files that failed to load and files with conflicting devices.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<string>> Errors { get; }

    /// <summary>Gets the sorted qualified names of every resolvable device.</summary>
    public IEnumerable<string> DeviceNames => Devices.Keys;

    /// <summary>Finds a device by its exact qualified name.</summary>
    /// <param name="qualifiedName">The name, <c>vendor/class=name</c>.</param>
    /// <param name="device">The device when found.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryGetDevice(string qualifiedName, [NotNullWhen(true)] out CdiRegisteredDevice? device)
    {
        ArgumentNullException.ThrowIfNull(qualifiedName);
        return Devices.TryGetValue(qualifiedName, out device);
    }

    /// <summary>Gets the merged edits (spec-level, then device-level) of one device.</summary>
    /// <param name="qualifiedName">The name, <c>vendor/class=name</c>.</param>
    /// <returns>The edits.</returns>
    /// <exception cref="CdiDeviceNotFoundException">No loaded spec defines the device.</exception>
    public ContainerEdits GetContainerEdits(string qualifiedName) => ResolveContainerEdits([qualifiedName]);

    /// <summary>
    /// Gets the edits for injecting several devices, as the runtime applies them: each spec's own edits once, when
    /// its first device is met, then each device's edits, in the given order.
    /// </summary>
    /// <param name="qualifiedNames">The names.</param>
    /// <returns>The edits.</returns>
    /// <exception cref="CdiDeviceNotFoundException">Some names resolve to nothing (all of them are listed).</exception>
    public ContainerEdits ResolveContainerEdits(IEnumerable<string> qualifiedNames)
    {
        ArgumentNullException.ThrowIfNull(qualifiedNames);
        var edits = ContainerEdits.Empty;
        var seenSpecs = new HashSet<CdiRegisteredSpec>(ReferenceEqualityComparer.Instance);
        var missing = new List<string>();
        foreach (var name in qualifiedNames)
        {
            if (name is null || !Devices.TryGetValue(name, out var device))
            {
                missing.Add(name ?? "<null>");
                continue;
            }

            if (seenSpecs.Add(device.Spec))
            {
                edits = edits.Append(device.Spec.Spec.ContainerEdits);
            }

            edits = edits.Append(device.Device.ContainerEdits);
        }

        return missing.Count > 0 ? throw new CdiDeviceNotFoundException(missing) : edits;
    }
}
