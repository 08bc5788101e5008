namespace Nvidia.Dra.Kubelet.Serialization;

/// <summary>Serialisation inside one process: a semaphore whose wait is cancellable.</summary>
internal sealed class InProcessSerialization : CallSerializer
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public override async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
