namespace Nvidia.Dra.RealKernel;

/// <summary>
/// SAFETY: proof that this process runs on the harness's guest kernel. Only that kernel's command line carries the
/// marker (QEMU <c>-append</c>); the environment or a file the test wrote could lie, /proc/cmdline cannot. A switching
/// program run on a real machine by mistake once unbound that machine's network card: nothing under /sys is written
/// unless this check passes, in this process, before the write.
/// </summary>
public sealed class GuestGuard
{
    /// <summary>The token eng/realkernel/boot.sh puts on the guest kernel's command line.</summary>
    public const string Marker = "nvdra.realkernel=guest";

    /// <summary>The guard of this process: the real /proc/cmdline, protecting /sys.</summary>
    public static readonly GuestGuard Default = new("/proc/cmdline", "/sys");

    private readonly Lazy<string?> _refusal;

    /// <summary>Creates a guard.</summary>
    /// <param name="commandLinePath">The kernel command line to check (/proc/cmdline).</param>
    /// <param name="protectedRoot">The tree no write may touch outside the guest (/sys).</param>
    public GuestGuard(string commandLinePath, string protectedRoot)
    {
        CommandLinePath = commandLinePath;
        ProtectedRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(protectedRoot));
        _refusal = new Lazy<string?>(Check);
    }

    /// <summary>Gets the command line file checked.</summary>
    public string CommandLinePath { get; }

    /// <summary>Gets the protected tree.</summary>
    public string ProtectedRoot { get; }

    /// <summary>Gets a value indicating whether the kernel command line carries <see cref="Marker"/>.</summary>
    public bool IsGuest => _refusal.Value is null;

    /// <summary>Gets why this is not the guest, or null in the guest.</summary>
    public string? Refusal => _refusal.Value;

    /// <summary>Whether a command line carries the marker as one exact whitespace-separated token.</summary>
    /// <param name="commandLine">The kernel command line.</param>
    /// <returns>True when the marker is present.</returns>
    public static bool CarriesMarker(string commandLine) =>
        commandLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Contains(Marker, StringComparer.Ordinal);

    /// <summary>Throws unless this is the guest.</summary>
    /// <exception cref="NotInGuestException">The kernel command line lacks the marker.</exception>
    public void EnsureGuest()
    {
        if (_refusal.Value is { } refusal)
        {
            throw new NotInGuestException(refusal);
        }
    }

    /// <summary>Throws when <paramref name="path"/> lies in the protected tree and this is not the guest.</summary>
    /// <param name="path">A path about to be written.</param>
    /// <exception cref="NotInGuestException">The write would touch the protected tree outside the guest.</exception>
    public void EnsureWritable(string path)
    {
        var full = Path.GetFullPath(path);
        var inside = full == ProtectedRoot || full.StartsWith(ProtectedRoot + "/", StringComparison.Ordinal);
        if (inside && _refusal.Value is { } refusal)
        {
            throw new NotInGuestException($"refusing to write {full}: {refusal}");
        }
    }

    private string? Check()
    {
        string line;
        try
        {
            line = File.ReadAllText(CommandLinePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {CommandLinePath} ({e.Message}), so this is not known to be the real-kernel guest";
        }

        return CarriesMarker(line)
            ? null
            : $"{CommandLinePath} lacks {Marker}: this is not the real-kernel guest (run eng/realkernel/test.sh)";
    }
}
