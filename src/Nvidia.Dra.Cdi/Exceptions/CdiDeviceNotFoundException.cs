using System.Collections.Immutable;

namespace Nvidia.Dra.Cdi;

/// <summary>One or more qualified device names are not defined by any loaded spec.</summary>
public sealed class CdiDeviceNotFoundException : CdiException
{
    /// <summary>Creates the exception.</summary>
    public CdiDeviceNotFoundException()
    {
        Devices = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CdiDeviceNotFoundException(string message)
        : base(message)
    {
        Devices = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CdiDeviceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Devices = [];
    }

    /// <summary>Creates the exception for the devices that could not be resolved.</summary>
    /// <param name="devices">The unresolvable names.</param>
    public CdiDeviceNotFoundException(IEnumerable<string> devices)
        : this([.. devices ?? []])
    {
    }

    private CdiDeviceNotFoundException(ImmutableArray<string> devices)
        : base($"unresolvable CDI devices {string.Join(", ", devices)}; check that a spec defining them is in a "
            + "configured spec directory and loads without errors")
    {
        Devices = devices;
    }

    /// <summary>Gets the unresolvable names.</summary>
    public ImmutableArray<string> Devices { get; }
}
