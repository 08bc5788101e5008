using System.IO.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>
/// Runs every registered <see cref="IDoctorCheck"/> against the node, read-only, and collects their findings. A
/// check that throws is reported as a warning naming the error, so one broken probe never hides the others.
/// </summary>
public sealed class NodeDoctor
{
    private readonly IReadOnlyList<IDoctorCheck> _checks;
    private readonly IOptions<VfioHostOptions> _host;
    private readonly IOptions<DoctorOptions> _options;
    private readonly IFileSystem _fileSystem;
    private readonly IPciDiscovery _discovery;
    private readonly IDeviceHolderScanner _scanner;
    private readonly ILogger _logger;

    /// <summary>Creates the doctor.</summary>
    /// <param name="checks">The checks, run in this order.</param>
    /// <param name="host">The host roots.</param>
    /// <param name="options">The doctor's options.</param>
    /// <param name="fileSystem">The file system facts are read through.</param>
    /// <param name="discovery">PCI discovery.</param>
    /// <param name="scanner">The device-node holder scanner.</param>
    /// <param name="logger">Logger; defaults to none.</param>
    public NodeDoctor(
        IEnumerable<IDoctorCheck> checks,
        IOptions<VfioHostOptions> host,
        IOptions<DoctorOptions> options,
        IFileSystem fileSystem,
        IPciDiscovery discovery,
        IDeviceHolderScanner scanner,
        ILogger<NodeDoctor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(discovery);
        ArgumentNullException.ThrowIfNull(scanner);
        _checks = [.. checks];
        _host = host;
        _options = options;
        _fileSystem = fileSystem;
        _discovery = discovery;
        _scanner = scanner;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Gets the names of the registered checks, in run order.</summary>
    public IReadOnlyList<string> CheckNames => [.. _checks.Select(c => c.Name)];

    /// <summary>Runs every check once against fresh facts.</summary>
    /// <param name="cancellationToken">Ends the run.</param>
    /// <returns>The findings of all checks.</returns>
    public async Task<DoctorReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var context = new DoctorContext(_host.Value, _options.Value, _fileSystem, _discovery, _scanner, cancellationToken);
        var findings = new List<DoctorFinding>();
        foreach (var check in _checks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                findings.AddRange(await check.RunAsync(context, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.DoctorCheckFailed(ex, check.Name);
                findings.Add(new DoctorFinding(
                    check.Name,
                    DoctorFinding.NodeSubject,
                    DoctorStatus.Warning,
                    $"the check could not run: {ex.Message}",
                    [ex.GetType().Name],
                    "run nvdra doctor as root with the host's /sys, /proc and /dev visible (or pass their roots)"));
            }
        }

        var report = new DoctorReport(findings);
        _logger.DoctorFinished(report.Status, findings.Count(f => f.Status == DoctorStatus.Blocking), findings.Count(f => f.Status == DoctorStatus.Warning));
        return report;
    }
}
