using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor.Checks;

/// <summary>
/// The VFIO driver each GPU needs (<c>vfio_pci</c>, or a variant such as <c>nvgrace_gpu_vfio_pci</c> chosen from
/// <c>modules.alias</c>) is loaded, or can be loaded: listed in <c>modules.dep</c>, <c>modules.builtin</c> or
/// <c>modules.alias</c> of the running kernel. Nothing is loaded here.
/// </summary>
internal sealed class VfioModulesCheck(IVfioDriverResolver resolver) : IDoctorCheck
{
    private static readonly string[] ModuleLists = ["modules.dep", "modules.builtin", "modules.alias"];

    public string Name => "vfio-modules";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var modules = new List<string> { VfioDriverChoice.GenericModule };
        modules.AddRange(context.Gpus.Select(g => resolver.Choose(g).Module).Where(m => !modules.Contains(m)).Distinct(StringComparer.Ordinal));
        var release = context.Host.KernelRelease
                      ?? ProcessTable.ReadText(context.FileSystem, Path.Join(context.Host.ProcRoot, "sys/kernel/osrelease"))?.Trim();
        var directory = release is { Length: > 0 } ? Path.Join(context.Host.ModulesRoot, release) : null;
        var lists = directory is null
            ? []
            : ModuleLists.Select(name => (Name: name, Text: ProcessTable.ReadText(context.FileSystem, Path.Join(directory, name)))).Where(l => l.Text is not null).ToList();

        var evidence = new List<string>();
        var missing = new List<string>();
        foreach (var module in modules)
        {
            if (resolver.FindDriverName(module) is { } driver)
            {
                evidence.Add($"{module}: loaded (driver {Path.Join(context.Host.SysfsRoot, "bus/pci/drivers", driver)})");
            }
            else if (resolver.IsModuleLoaded(module))
            {
                evidence.Add($"{module}: loaded ({Path.Join(context.Host.SysfsRoot, "module", module)})");
            }
            else if (lists.FirstOrDefault(l => Mentions(l.Text!, module)) is { Name: not null } list)
            {
                evidence.Add($"{module}: not loaded; available (listed in {Path.Join(directory, list.Name)}), loaded with modprobe at the first prepare");
            }
            else
            {
                missing.Add(module);
                evidence.Add($"{module}: not loaded and not listed in {(directory is null ? "any modules directory (kernel release unknown)" : string.Join(", ", ModuleLists.Select(n => Path.Join(directory, n))))}");
            }
        }

        return CheckResults.One(missing.Count == 0
            ? new DoctorFinding(Name, DoctorFinding.NodeSubject, DoctorStatus.Ok, $"VFIO driver available: {string.Join(", ", modules)}", evidence)
            : new DoctorFinding(
                Name,
                DoctorFinding.NodeSubject,
                DoctorStatus.Blocking,
                $"VFIO driver not available: {string.Join(", ", missing)}",
                evidence,
                $"install the kernel's VFIO modules (on Ubuntu: linux-modules-extra-$(uname -r)) or build them in, and mount the host /lib/modules into the plugin; then modprobe {missing[0]}"));
    }

    /// <summary>Whether a module list names the module: as a <c>.ko</c> file (either spelling) or as an alias target.</summary>
    private static bool Mentions(string text, string module)
    {
        var dashed = module.Replace('_', '-');
        foreach (var line in text.Split('\n'))
        {
            var entry = line.Split(':', 2)[0].Trim();
            var file = Path.GetFileName(entry);
            if (file.StartsWith(module + ".ko", StringComparison.Ordinal) || file.StartsWith(dashed + ".ko", StringComparison.Ordinal) ||
                (line.StartsWith("alias ", StringComparison.Ordinal) && line.EndsWith(" " + module, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
