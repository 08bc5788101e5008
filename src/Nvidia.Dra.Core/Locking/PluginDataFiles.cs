using Microsoft.Win32.SafeHandles;

namespace Nvidia.Dra.Core.Locking;

/// <summary>
/// Opens the plugin's own files (lock files, the checkpoint's temporary file) exclusively, creating their directory
/// only when an open finds it missing (first use, or removed since) instead of before every open, which cost a mkdir
/// and a stat per lock and per checkpoint write. A handle, not a stream: a lock is held by the descriptor alone, and
/// a temporary file is written once, whole.
/// </summary>
internal static class PluginDataFiles
{
    /// <summary>Opens <paramref name="path"/> with no sharing (for a lock file, that takes the OS lock).</summary>
    /// <exception cref="PluginStateException">The directory is missing and cannot be created (a file in its place, no permission).</exception>
    /// <exception cref="IOException">The open failed otherwise (for a lock file: another plugin instance holds it).</exception>
    public static SafeFileHandle OpenExclusive(string path, FileMode mode, FileAccess access)
    {
        try
        {
            return File.OpenHandle(path, mode, access, FileShare.None);
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

            return File.OpenHandle(path, mode, access, FileShare.None);
        }
    }

    /// <summary>
    /// The name of a temporary sibling of <paramref name="fileName"/> for an atomic write: <c>.&lt;name&gt;.&lt;32
    /// hex&gt;.tmp</c>. The digits only need to differ from a leftover's (the file is created exclusively), so they
    /// come from <see cref="Random.Shared"/>, not from a GUID, which costs a read of the kernel's random source.
    /// </summary>
    public static string TemporaryName(string fileName) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $".{fileName}.{Random.Shared.NextInt64():x16}{Random.Shared.NextInt64():x16}.tmp");
}
