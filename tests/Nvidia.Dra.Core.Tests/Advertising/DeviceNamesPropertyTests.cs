using System.Globalization;
using FsCheck.Xunit;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Naming;

namespace Nvidia.Dra.Core.Tests.Advertising;

public class DeviceNamesPropertyTests
{
    private static string Address(ushort domain, byte bus, byte slot, byte function) =>
        string.Create(CultureInfo.InvariantCulture, $"{domain:x4}:{bus:x2}:{slot & 0x1f:x2}.{function & 0x7:x1}");

    [Property(MaxTest = 500)]
    public bool Names_AnyPciAddress_AreDnsLabelsThatEncodeTheAddress(ushort domain, byte bus, byte slot, byte function)
    {
        var pci = Address(domain, bus, slot, function);
        var names = new[] { DeviceNames.Gpu(pci), DeviceNames.Vfio(pci), DeviceNames.CounterSet(pci) };

        var encoded = pci.Replace(':', '-').Replace('.', '-');
        return names.All(KubernetesNames.IsDnsLabel) &&
               names[0] == "gpu-" + encoded && names[1] == "gpu-vfio-" + encoded && names[2] == "pci-" + encoded;
    }

    [Property(MaxTest = 500)]
    public bool Names_DifferentAddresses_NeverCollide(ushort domain, byte bus, byte slot, byte function, byte otherBus)
    {
        var a = Address(domain, bus, slot, function);
        var b = Address(domain, otherBus, slot, function);

        return a == b || (DeviceNames.Vfio(a) != DeviceNames.Vfio(b) && DeviceNames.Gpu(a) != DeviceNames.Vfio(b));
    }

    [Property(MaxTest = 500)]
    public bool Names_UpperCaseInput_SameAsLowerCase(ushort domain, byte bus, byte slot, byte function)
    {
        var pci = Address(domain, bus, slot, function);

        return DeviceNames.Vfio(pci.ToUpperInvariant()) == DeviceNames.Vfio(pci);
    }
}
