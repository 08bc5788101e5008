namespace Nvidia.Dra.Kubelet.Serialization;

/// <summary>
/// Runs prepare and unprepare calls one at a time. Unlike the Go helper's mutex and <c>flock</c>, every wait
/// honours the call's cancellation, so a stuck call cannot hold later ones past kubelet's timeout.
/// </summary>
internal abstract class CallSerializer
{
    public static CallSerializer Create(KubeletPluginOptions options) =>
        !options.Serialize ? new NoSerialization()
        : options.RollingUpdatePodUid is null ? new InProcessSerialization()
        : new FileLockSerialization(Path.Join(options.EffectivePluginDirectory(), KubeletSocketNames.LockFileName));

    /// <summary>Waits for the turn of a call.</summary>
    /// <param name="cancellationToken">The call's cancellation; ends the wait.</param>
    /// <returns>The turn; dispose it to let the next call run.</returns>
    public abstract Task<IDisposable> AcquireAsync(CancellationToken cancellationToken);

    private sealed class NoSerialization : CallSerializer
    {
        public override Task<IDisposable> AcquireAsync(CancellationToken cancellationToken) => Task.FromResult<IDisposable>(Released.Instance);
    }

    private sealed class Released : IDisposable
    {
        public static readonly Released Instance = new();

        public void Dispose()
        {
        }
    }
}
