using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Vfio;

/// <summary>Runs <c>modprobe &lt;module&gt;</c>, in a chroot of the host root when that is not <c>/</c>.</summary>
public sealed class ModprobeModuleLoader : IModuleLoader
{
    private readonly HostPaths _paths;

    /// <summary>Creates the loader.</summary>
    /// <param name="options">Host roots; defaults to the real host.</param>
    public ModprobeModuleLoader(IOptions<VfioHostOptions>? options = null) =>
        _paths = new HostPaths(options?.Value ?? new VfioHostOptions());

    /// <inheritdoc/>
    public async Task LoadAsync(string module, CancellationToken cancellationToken = default)
    {
        if (!HostPaths.IsSafeName(module))
        {
            throw new ArgumentException($"'{module}' is not a module name.", nameof(module));
        }

        var start = _paths.HostRoot == "/"
            ? new ProcessStartInfo("modprobe") { ArgumentList = { module } }
            : new ProcessStartInfo("chroot") { ArgumentList = { _paths.HostRoot, "modprobe", module } };
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {start.FileName} to load {module}.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {(await errors.ConfigureAwait(false)).Trim()}");
        }
    }
}
