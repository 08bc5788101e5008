namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// Writes a file atomically and durably: temporary file in the same directory, fsync, rename, fsync of the
/// directory; mode 0644. Directories below the root are created without following symbolic links.
/// </summary>
internal static class AtomicFile
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                               UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, replacing any previous file.</summary>
    /// <param name="root">The configured directory the path lies under; nothing below it may be a symbolic link.</param>
    /// <param name="path">The target.</param>
    /// <param name="content">The bytes.</param>
    public static void Write(string root, string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(path)!;
        PathSafety.CreateDirectoryUnder(root, directory, DirectoryMode);
        var temporary = Path.Join(directory, Locking.PluginDataFiles.TemporaryName(Path.GetFileName(path)));
        try
        {
            using (var stream = new FileStream(temporary, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.SetUnixFileMode(temporary, FileMode);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        Nvidia.Dra.Cdi.Writing.DirectorySync.Sync(directory);
    }
}
