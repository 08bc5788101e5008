using System.IO.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Vfio;

/// <summary>Chooses VFIO variants from <c>modules.alias</c> and resolves their driver directories.</summary>
public sealed class VfioDriverResolver : IVfioDriverResolver
{
    private readonly HostPaths _paths;
    private readonly SysfsReader _reader;
    private readonly IModuleLoader _loader;
    private readonly ILogger _logger;
    private readonly Lazy<ModuleAliasTable?> _aliases;

    /// <summary>Creates the resolver.</summary>
    /// <param name="options">Host roots; defaults to the real host.</param>
    /// <param name="fileSystem">File system; defaults to the real one.</param>
    /// <param name="moduleLoader">Module loader; defaults to modprobe.</param>
    /// <param name="logger">Logger; defaults to none.</param>
    public VfioDriverResolver(
        IOptions<VfioHostOptions>? options = null,
        IFileSystem? fileSystem = null,
        IModuleLoader? moduleLoader = null,
        ILogger<VfioDriverResolver>? logger = null)
    {
        _paths = new HostPaths(options?.Value ?? new VfioHostOptions());
        _reader = new SysfsReader(fileSystem ?? new FileSystem());
        _loader = moduleLoader ?? new ModprobeModuleLoader(options);
        _logger = logger ?? NullLogger<VfioDriverResolver>.Instance;
        _aliases = new Lazy<ModuleAliasTable?>(LoadAliases);
    }

    /// <inheritdoc/>
    public VfioDriverChoice Choose(PciFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var table = _aliases.Value;
        if (table is null || table.Count == 0 || function.Modalias is null)
        {
            return Fallback(function, table is null ? "no modules.alias" : function.Modalias is null ? "no modalias" : "no vfio_pci aliases");
        }

        if (table.Match(function.Modalias) is not { } match)
        {
            return Fallback(function, "no vfio_pci alias matches " + function.Modalias);
        }

        if (match.Tied > 1)
        {
            _logger.VfioVariantTie(function.Address, match.Tied, match.Wildcards, match.Module);
        }

        var choice = new VfioDriverChoice(match.Module, match.Pattern, match.Wildcards, $"alias {match.Pattern} matches {function.Modalias} with {match.Wildcards} wildcards (fewest)");
        _logger.VfioVariantChosen(function.Address, choice.Module, choice.Reason);
        return choice;
    }

    /// <inheritdoc/>
    public bool IsModuleLoaded(string module) => _reader.FileSystem.Directory.Exists(_paths.Module(module));

    /// <inheritdoc/>
    public string? FindDriverName(string module)
    {
        ArgumentException.ThrowIfNullOrEmpty(module);
        if (_reader.FileSystem.Directory.Exists(_paths.Driver(module)))
        {
            return module;
        }

        // vfio_pci registers as vfio-pci, but nvgrace_gpu_vfio_pci keeps its underscores (#1268): check, never assume.
        var dashed = module.Replace('_', '-');
        return _reader.FileSystem.Directory.Exists(_paths.Driver(dashed)) ? dashed : null;
    }

    /// <inheritdoc/>
    public async Task<string> EnsureDriverAsync(VfioDriverChoice choice, PciAddress device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (FindDriverName(choice.Module) is { } present)
        {
            return present;
        }

        if (!_paths.Options.LoadMissingModules)
        {
            throw new VfioDriverUnavailableException(device, choice.Module, $"no {_paths.PciDrivers}/{choice.Module} (or its '-' spelling) and LoadMissingModules is off");
        }

        _logger.LoadingModule(device, choice.Module);
        try
        {
            await _loader.LoadAsync(choice.Module, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new VfioDriverUnavailableException(device, choice.Module, "modprobe failed", e);
        }

        return FindDriverName(choice.Module)
            ?? throw new VfioDriverUnavailableException(device, choice.Module, $"modprobe succeeded but no driver directory appeared under {_paths.PciDrivers}");
    }

    private static VfioDriverChoice Fallback(PciFunction function, string why) =>
        new(VfioDriverChoice.GenericModule, null, 7, $"{why}: generic vfio-pci for {function.Address}");

    private ModuleAliasTable? LoadAliases()
    {
        var release = _paths.Options.KernelRelease ?? _reader.ReadText(_paths.OsRelease);
        if (release is null || !HostPaths.IsSafeName(release))
        {
            return null;
        }

        var path = _paths.ModulesAlias(release);
        var text = _reader.ReadText(path);
        return text is null ? null : ModuleAliasTable.Parse(path, text);
    }
}
