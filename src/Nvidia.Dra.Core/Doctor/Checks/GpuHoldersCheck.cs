using System.Globalization;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>
/// Who holds each GPU's <c>/dev/nvidia&lt;minor&gt;</c> — the guide's troubleshooting loop, by device number so holders
/// in containers are found — classified after the limitations table. nvidia-persistenced is fine (persistence is
/// turned off before the switch); a display manager blocks; anything else makes the prepare wait and then fail.
/// </summary>
internal sealed class GpuHoldersCheck : IDoctorCheck
{
    public string Name => "gpu-holders";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // Without a readable proc root neither device nodes nor holders can be found: "could not check", not "ok".
        _ = context.Processes;

        // gpu-driver reports a node without GPUs once.
        return CheckResults.Many([.. context.Gpus.Select(gpu => Check(gpu, context))]);
    }

    private DoctorFinding Check(PciFunction gpu, DoctorContext context)
    {
        var subject = gpu.Address.ToString();
        if (context.GpuDeviceNode(gpu.Address) is not { } node)
        {
            return new DoctorFinding(
                Name,
                subject,
                DoctorStatus.Ok,
                gpu.Driver == "nvidia" ? "no device node found for this GPU, so nothing can hold it" : $"not on nvidia (driver {gpu.Driver ?? "none"}): no /dev/nvidia node to hold",
                [$"no {Path.Join(context.Host.ProcRoot, "driver/nvidia/gpus", subject, "information")} with an existing node under {Path.Join(context.Host.DriverRoot, "dev")}"]);
        }

        var holders = context.HoldersOf(gpu.Address).Select(h => (Holder: h, Kind: context.KindOf(h))).ToList();
        var hidden = context.UninspectableProcesses;
        var hiddenLine = string.Create(CultureInfo.InvariantCulture, $"{hidden} processes could not be inspected (their {Path.Join(context.Host.ProcRoot, "<pid>/fd")} cannot be listed): holders among them are not seen");
        if (holders.Count == 0)
        {
            return hidden == 0
                ? new DoctorFinding(Name, subject, DoctorStatus.Ok, $"no process holds {node}", [$"scanned every {Path.Join(context.Host.ProcRoot, "<pid>/fd")} by device number"])
                : new DoctorFinding(Name, subject, DoctorStatus.Warning, $"no holder of {node} found, but the scan was incomplete", [hiddenLine], "run nvdra doctor as root (CAP_SYS_PTRACE) in the host PID namespace");
        }

        var evidence = holders.Select(h => HolderText.Describe(h.Holder, h.Kind)).ToList();
        if (hidden > 0)
        {
            evidence.Add(hiddenLine);
        }

        var blocking = holders.Where(h => h.Kind == NodeProcessKind.DisplayManager).ToList();
        var waiting = holders.Where(h => h.Kind is not NodeProcessKind.DisplayManager and not NodeProcessKind.Persistenced).ToList();
        if (blocking.Count > 0)
        {
            return new DoctorFinding(
                Name,
                subject,
                DoctorStatus.Blocking,
                $"held by a display manager ({string.Join(", ", blocking.Select(h => h.Holder.Command).Distinct(StringComparer.Ordinal))}): the GPU cannot leave nvidia",
                evidence,
                "disable the display manager on GPU nodes (systemctl disable --now display-manager) or configure Xorg not to use this GPU");
        }

        if (waiting.Count > 0)
        {
            return new DoctorFinding(
                Name,
                subject,
                DoctorStatus.Warning,
                $"held by {string.Join(", ", waiting.Select(h => h.Holder.Command).Distinct(StringComparer.Ordinal))}: a prepare of this GPU waits for them and fails naming them",
                evidence,
                "stop the owning services or pods before a VM uses this GPU (see the other checks for DCGM, dcgm-exporter and nvidia-device-plugin)");
        }

        return new DoctorFinding(
            Name,
            subject,
            DoctorStatus.Ok,
            "held only by nvidia-persistenced, which releases it when persistence mode is turned off before the switch",
            evidence);
    }
}
