namespace Nvidia.Dra.Core;

/// <summary>
/// The plugin's own state on the node (the plugin data directory, its checkpoint or lock file) cannot be used: a
/// path is the wrong kind of file, or the file system refused. Nothing was prepared or unprepared; every claim of
/// the call gets this error.
/// </summary>
public sealed class PluginStateException : NvidiaDraException
{
    /// <summary>Initialises the exception.</summary>
    /// <param name="path">The path that cannot be used.</param>
    /// <param name="detail">What is wrong with it.</param>
    /// <param name="remedy">What to do.</param>
    /// <param name="innerException">The file-system error, when there is one.</param>
    public PluginStateException(string path, string detail, string remedy, Exception? innerException = null)
        : base($"the plugin's state at {path} cannot be used: {detail}; nothing was changed. {remedy}", innerException)
    {
        Path = path;
    }

    /// <summary>Gets the path that cannot be used.</summary>
    public string Path { get; }
}
