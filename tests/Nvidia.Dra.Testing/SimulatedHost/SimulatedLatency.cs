using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>
/// How long the simulated kernel takes per control write, slept on the writing thread as a real kernel call blocks
/// it. Real hardware: unbind and rebind take 0.1–0.5 s per function even on emulated devices, NVIDIA's driver more.
/// </summary>
/// <param name="Unbind">An unbind write.</param>
/// <param name="Bind">A bind write.</param>
/// <param name="Other">Any other control write (<c>driver_override</c>, <c>unbindLock</c>).</param>
public sealed record SimulatedLatency(TimeSpan Unbind, TimeSpan Bind, TimeSpan Other)
{
    /// <summary>Gets no latency (the default: tests measure logic, not time).</summary>
    public static SimulatedLatency None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Gets the figures of a real node: unbind 300 ms, bind 100 ms, other writes 1 ms.</summary>
    public static SimulatedLatency RealNode { get; } = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1));

    /// <summary>Gets the latency of a write of a step.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The latency.</returns>
    public TimeSpan Of(VfioStep step) => step switch
    {
        VfioStep.Unbind => Unbind,
        VfioStep.Bind => Bind,
        _ => Other,
    };
}
