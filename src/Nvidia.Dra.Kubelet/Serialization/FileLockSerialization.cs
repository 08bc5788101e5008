namespace Nvidia.Dra.Kubelet.Serialization;

/// <summary>
/// Serialisation across the two instances of a rolling update: an exclusive lock on <c>serialize.lock</c> in the
/// plugin directory (on Linux <see cref="FileShare.None"/> takes <c>flock(LOCK_EX|LOCK_NB)</c> on the open file, and
/// the kernel drops it if the process dies). Calls of this process queue on a semaphore first; the file is then
/// polled, so the wait stays cancellable.
/// </summary>
internal sealed class FileLockSerialization(string path) : CallSerializer
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private readonly SemaphoreSlim gate = new(1, 1);

    public string Path { get; } = path;

    public override async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                try
                {
                    return new Turn(new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), gate);
                }
                catch (IOException)
                {
                    // The other instance holds it.
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Turn(FileStream stream, SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                stream.Dispose();
                gate.Release();
            }
        }
    }
}
