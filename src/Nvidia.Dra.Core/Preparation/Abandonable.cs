namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// Runs a prepare or unprepare under its own deadline and answers the caller the moment the caller gives up (W2):
/// the work sees the cancellation too and undoes what it started, but in the background, holding only its own
/// GPUs' locks and within its own bound — the caller holds nothing.
/// </summary>
internal static class Abandonable
{
    /// <summary>Runs the work.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The work, given the token that ends at the deadline or when the caller gives up.</param>
    /// <param name="deadline">The call's deadline.</param>
    /// <param name="time">The clock.</param>
    /// <param name="caller">The caller's cancellation.</param>
    /// <param name="abandoned">The answer when the caller gives up first.</param>
    /// <returns>The work's result.</returns>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, TimeSpan deadline, TimeProvider time, CancellationToken caller, Func<NvidiaDraException> abandoned)
    {
        var timeout = new CancellationTokenSource(deadline, time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(caller, timeout.Token);
        Task<T> task;
        try
        {
            task = work(linked.Token);
        }
        catch
        {
            linked.Dispose();
            timeout.Dispose();
            throw;
        }

        // The sources live as long as the work, which may outlive the caller.
        _ = task.ContinueWith(
            t =>
            {
                _ = t.Exception; // Observed: an abandoned failure is logged by the work itself.
                linked.Dispose();
                timeout.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            return await task.WaitAsync(caller).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (caller.IsCancellationRequested && !task.IsCompleted)
        {
            throw abandoned();
        }
    }
}
