using System.Globalization;
using Nvidia.Dra.Core.Advertising;
using Nvidia.Dra.Core.Inventory;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>Each GPU's current driver: <c>nvidia</c>, a VFIO driver or none can be passed through; another driver cannot.</summary>
internal sealed class GpuDriverCheck : IDoctorCheck
{
    public string Name => "gpu-driver";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Gpus.Count == 0
            ? CheckResults.One(CheckResults.NoGpus(Name, context))
            : CheckResults.Many([.. context.Gpus.Select(gpu => Check(gpu, context))]);
    }

    private DoctorFinding Check(PciFunction gpu, DoctorContext context)
    {
        var subject = gpu.Address.ToString();
        List<string> evidence =
        [
            string.Create(CultureInfo.InvariantCulture, $"vendor 0x{gpu.VendorId:x4} device 0x{gpu.DeviceId:x4} class 0x{gpu.ClassCode:x6}"),
            $"driver {gpu.Driver ?? "(none)"}, driver_override {gpu.DriverOverride ?? "(null)"}",
            string.Create(CultureInfo.InvariantCulture, $"NUMA node {(gpu.NumaNode is { } numa ? numa.ToString(CultureInfo.InvariantCulture) : "none")}, PCIe root {gpu.PcieRoot ?? "unresolved"}"),
        ];
        if (context.GpuDeviceNode(gpu.Address) is { } node)
        {
            evidence.Add("device node " + node);
        }

        return DriverKinds.Classify(gpu.Driver) switch
        {
            GpuDriverBinding.Nvidia => new DoctorFinding(Name, subject, DoctorStatus.Ok, "bound to nvidia: switched to vfio-pci at prepare and back at unprepare", evidence),
            GpuDriverBinding.Vfio => new DoctorFinding(
                Name,
                subject,
                DoctorStatus.Ok,
                $"bound to {gpu.Driver} already: advertised only if this driver prepared it or AdoptPreBoundVfioDevices is on, and never rebound to nvidia",
                evidence),
            GpuDriverBinding.None => new DoctorFinding(Name, subject, DoctorStatus.Ok, "no driver bound (valid): bound to vfio-pci at prepare", evidence),
            _ => new DoctorFinding(
                Name,
                subject,
                DoctorStatus.Blocking,
                $"bound to {gpu.Driver}, which is neither nvidia nor a VFIO driver",
                evidence,
                $"unbind it from {gpu.Driver} (or stop whatever binds it at boot) so it is on nvidia, vfio-pci or no driver"),
        };
    }
}
