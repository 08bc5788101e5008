namespace Nvidia.Dra.Core.Locking;

/// <summary>
/// Opens the plugin's own files (lock files, the checkpoint's temporary file) exclusively, creating their directory
/// only when an open finds it missing (first use, or removed since) instead of before every open, which cost a mkdir
/// and a stat per lock and per checkpoint write.
/// </summary>
internal static class PluginDataFiles
{
    /// <summary>Opens <paramref name="path"/> with no sharing (for a lock file, that takes the OS lock).</summary>
    /// <exception cref="PluginStateException">The directory is missing and cannot be created (a file in its place, no permission).</exception>
    /// <exception cref="IOException">The open failed otherwise (for a lock file: another plugin instance holds it).</exception>
    public static FileStream OpenExclusive(string path, FileMode mode, FileAccess access)
    {
        try
        {
            return new FileStream(path, mode, access, FileShare.None);
        }
        catch (IOException) when (Path.GetDirectoryName(path) is { } directory && !Directory.Exists(directory))
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (IOException ex)
            {
                throw new PluginStateException(directory, $"the plugin data directory cannot be created ({ex.Message})", "Make PluginDataDirectory a directory the plugin can write", ex);
            }

            return new FileStream(path, mode, access, FileShare.None);
        }
    }
}
