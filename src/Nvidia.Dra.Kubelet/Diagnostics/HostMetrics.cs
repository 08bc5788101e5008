using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nvidia.Dra.Kubelet.Diagnostics;

/// <summary>
/// The host's instruments, on the meter <c>Nvidia.Dra.Kubelet</c>: calls and their durations by method and outcome,
/// per-claim errors by reason, and kubelet's registration state.
/// </summary>
internal sealed class HostMetrics
{
    public const string MeterName = "Nvidia.Dra.Kubelet";

    private readonly Counter<long> calls;
    private readonly Histogram<double> duration;
    private readonly Counter<long> claimErrors;

    public HostMetrics(IMeterFactory? meterFactory, RegistrationState registration)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        calls = meter.CreateCounter<long>("dra.kubelet.plugin.calls", "{call}", "DRA calls served, by method and outcome (ok, error, cancelled).");
        duration = meter.CreateHistogram<double>("dra.kubelet.plugin.call.duration", "s", "Duration of DRA calls, claim reads and lock waits included.");
        claimErrors = meter.CreateCounter<long>("dra.kubelet.plugin.claim.errors", "{claim}", "Claims answered with a per-claim error, by method and reason.");
        meter.CreateObservableGauge(
            "dra.kubelet.plugin.registered",
            () => registration.Current switch
            {
                { UpdatedAt: null } => -1,
                { Registered: true } => 1,
                _ => 0,
            },
            "{state}",
            "kubelet's last registration verdict: 1 registered, 0 rejected, -1 kubelet has not called yet.");
    }

    public void Call(string method, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "method", method }, { "outcome", outcome } };
        calls.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("method", method));
    }

    public void ClaimError(string method, string reason) =>
        claimErrors.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("reason", reason));
}
