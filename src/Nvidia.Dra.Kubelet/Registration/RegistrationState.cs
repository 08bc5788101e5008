namespace Nvidia.Dra.Kubelet;

/// <summary>
/// The registration status kubelet reported last, shared between the registration server (which records it) and the
/// host's health checks and metrics (which read it). Thread-safe.
/// </summary>
public sealed class RegistrationState
{
    private RegistrationStatusSnapshot current = RegistrationStatusSnapshot.NotYetCalled;

    /// <summary>
    /// Raised after every recorded status, on the thread that answers kubelet: handlers must be quick. A handler that
    /// throws is logged by the registration server; the status stays recorded.
    /// </summary>
    public event Action<RegistrationStatusSnapshot>? Changed;

    /// <summary>Gets the status kubelet reported last (<see cref="RegistrationStatusSnapshot.UpdatedAt"/> is null before its first call).</summary>
    public RegistrationStatusSnapshot Current => Volatile.Read(ref current);

    /// <summary>Records kubelet's verdict and notifies <see cref="Changed"/>.</summary>
    internal RegistrationStatusSnapshot Record(bool registered, string? error, DateTimeOffset at)
    {
        var snapshot = new RegistrationStatusSnapshot(registered, registered ? null : error ?? string.Empty, at);
        Volatile.Write(ref current, snapshot);
        Changed?.Invoke(snapshot);
        return snapshot;
    }
}
