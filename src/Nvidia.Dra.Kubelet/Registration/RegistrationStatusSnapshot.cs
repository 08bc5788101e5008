namespace Nvidia.Dra.Kubelet;

/// <summary>kubelet's last verdict on the plugin's registration (<c>NotifyRegistrationStatus</c>).</summary>
/// <param name="Registered">Whether kubelet registered the plugin.</param>
/// <param name="Error">kubelet's reason when it did not; <see langword="null"/> when registered or not yet called.</param>
/// <param name="UpdatedAt">When kubelet last called; <see langword="null"/> while kubelet has not called yet.</param>
public sealed record RegistrationStatusSnapshot(bool Registered, string? Error, DateTimeOffset? UpdatedAt)
{
    /// <summary>The state before kubelet has called.</summary>
    internal static RegistrationStatusSnapshot NotYetCalled { get; } = new(false, null, null);
}
