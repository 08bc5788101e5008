using System.IO.Abstractions;

namespace Nvidia.Dra.Cdi.Writing;

/// <summary>
/// The file operations an atomic replace is built from. The default goes through <see cref="IFileSystem"/>;
/// tests decorate it to inject failures at each step against a real temporary directory.
/// </summary>
internal interface IAtomicFileOperations
{
    void CreateDirectory(string directory);

    /// <summary>Creates the file (it must not exist), writes the content, flushes it to disk and sets mode 0644.</summary>
    Task WriteNewFileAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> (atomic on one file system).</summary>
    void Replace(string source, string destination);

    /// <summary>Makes the directory's entries durable, so a rename into it survives a power loss.</summary>
    void SyncDirectory(string directory);

    bool DeleteIfExists(string path);
}

/// <summary>The default operations over an <see cref="IFileSystem"/>.</summary>
internal sealed class FileSystemAtomicOperations(IFileSystem fileSystem) : IAtomicFileOperations
{
    private const UnixFileMode SpecFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public void CreateDirectory(string directory) => fileSystem.Directory.CreateDirectory(directory);

    public async Task WriteNewFileAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var stream = fileSystem.FileStream.New(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);

            // Durability before the rename: a crash must never leave a renamed but empty spec behind.
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            // Explicit, so the result does not depend on the process umask.
            fileSystem.File.SetUnixFileMode(path, SpecFileMode);
        }
    }

    public void Replace(string source, string destination) => fileSystem.File.Move(source, destination, overwrite: true);

    public void SyncDirectory(string directory)
    {
        // Only a real directory can be synced; an in-memory file system has nothing to make durable.
        if (fileSystem is FileSystem)
        {
            DirectorySync.Sync(directory);
        }
    }

    public bool DeleteIfExists(string path)
    {
        if (!fileSystem.File.Exists(path))
        {
            return false;
        }

        fileSystem.File.Delete(path);
        return true;
    }
}
