namespace Nvidia.Dra.Vfio;

/// <summary>One write handed to a writing thread (<see cref="SysfsWriteThreads"/>).</summary>
internal interface ISysfsWrite
{
    /// <summary>Does the blocking write; never throws (a failure is kept for <see cref="Complete"/>).</summary>
    void Write();

    /// <summary>Tells the caller the write is done, once the thread is free for the next one.</summary>
    void Complete();
}
