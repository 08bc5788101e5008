using System.IO.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>
/// Runs every registered <see cref="IDoctorCheck"/> against the node, read-only, and collects their findings. A
/// check that throws is reported as "could not check" naming the error and a remedy for it, so one broken probe never
/// hides the others and is never mistaken for a finding.
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
        var causes = new Dictionary<string, string>(StringComparer.Ordinal);
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
                findings.Add(CouldNotCheck(check.Name, ex, causes));
            }
        }

        var report = new DoctorReport(findings);
        _logger.DoctorFinished(report.Status, findings.Count(f => f.Status == DoctorStatus.Blocking), findings.Count(f => f.Status == DoctorStatus.Warning));
        return report;
    }

    /// <summary>
    /// The finding of a check that threw: "could not check", naming the cause and a remedy for that cause. Checks share
    /// their facts, so one unreadable fact fails several: the first names it, the others point there.
    /// </summary>
    private static DoctorFinding CouldNotCheck(string check, Exception exception, Dictionary<string, string> causes)
    {
        if (causes.TryGetValue(exception.Message, out var first))
        {
            return new DoctorFinding(check, DoctorFinding.NodeSubject, DoctorStatus.CouldNotCheck, $"could not check: the same cause as {first}", [exception.Message]);
        }

        causes[exception.Message] = check;
        var remedy = exception switch
        {
            DoctorFactUnavailableException unavailable => unavailable.Remedy,
            UnauthorizedAccessException => "run nvdra doctor as root in the host PID namespace, so that the path in the message can be read",
            DirectoryNotFoundException or FileNotFoundException => "check that the roots point where the host's /, /sys, /proc and /dev are mounted (the path in the message is missing)",
            Microsoft.Extensions.Options.OptionsValidationException => "fix the option named in the message",
            IOException => "the path in the message could not be read; check that it exists and is readable, then run again",
            _ => "see the message; the other checks ran, so their findings stand",
        };
        return new DoctorFinding(check, DoctorFinding.NodeSubject, DoctorStatus.CouldNotCheck, $"could not check: {exception.Message}", [exception.GetType().Name], remedy);
    }
}
