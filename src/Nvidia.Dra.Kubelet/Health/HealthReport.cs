using System.Globalization;
using System.Text;

namespace Nvidia.Dra.Kubelet.Health;

/// <summary>The outcome of one health check.</summary>
/// <param name="DraError">Why the DRA socket self-call failed; <see langword="null"/> when it answered.</param>
/// <param name="RegistrationError">Why the registration socket self-call failed; <see langword="null"/> when it answered.</param>
/// <param name="Registration">kubelet's last registration verdict.</param>
internal sealed record HealthReport(string? DraError, string? RegistrationError, RegistrationStatusSnapshot Registration)
{
    /// <summary>
    /// Gets where ResourceSlice publication stands, when the host runs a <see cref="ResourceSliceController"/>. Shown, never
    /// a reason to fail a probe: publication converges on its own and kubelet must keep reaching the plugin meanwhile (W16).
    /// </summary>
    public SlicePublicationStatus? Slices { get; init; }

    /// <summary>Gets a value indicating whether both sockets answer (liveness).</summary>
    public bool Live => DraError is null && RegistrationError is null;

    /// <summary>Gets a value indicating whether kubelet registered the plugin and both sockets answer (readiness).</summary>
    public bool Ready => Live && Registration.Registered;

    /// <summary>A plain-text body: one line per part, so that a probe's output or <c>curl</c> shows what is wrong.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"dra socket: {DraError ?? "ok"}\n");
        text.Append(CultureInfo.InvariantCulture, $"registration socket: {RegistrationError ?? "ok"}\n");
        text.Append(Registration switch
        {
            { UpdatedAt: null } => "registration: kubelet has not called NotifyRegistrationStatus yet\n",
            { Registered: true } => "registration: registered\n",
            { Error: var error } => $"registration: failed: {error}\n",
        });
        text.Append(Slices switch
        {
            null => string.Empty,
            { Started: false } => $"slices: not started{(Slices.LastError is { } e ? $" ({e})" : string.Empty)}\n",
            { Converged: true } => "slices: published\n",
            _ => $"slices: pending ({string.Join(", ", Slices.PendingPools)}){(Slices.LastError is { } e ? $": {e}" : string.Empty)}\n",
        });
        foreach (var dropped in Slices?.DroppedFields ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"slices: the API server dropped {string.Join(", ", dropped.Fields)} from {dropped.SliceName} (a feature gate is off)\n");
        }

        return text.ToString();
    }
}
