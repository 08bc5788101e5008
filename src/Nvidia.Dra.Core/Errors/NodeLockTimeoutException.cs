namespace Nvidia.Dra.Core;

/// <summary>
/// Another prepare or unprepare (in this process or another plugin instance) held the node lock for longer than
/// the wait allowed. Nothing was changed; kubelet retries.
/// </summary>
public sealed class NodeLockTimeoutException : NvidiaDraException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="path">The lock file.</param>
    /// <param name="waited">How long we waited.</param>
    public NodeLockTimeoutException(string path, TimeSpan waited)
        : base($"node lock {path} is still held after {waited.TotalSeconds:0.###} s by another prepare or unprepare (maybe another plugin instance during a rolling update); nothing was changed, kubelet will retry. If it persists, look for a stuck plugin process holding the file")
    {
        Path = path;
    }

    /// <summary>Gets the lock file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override bool IsTransient => true;
}
