using Nvidia.Dra.Cdi.Writing;

namespace Nvidia.Dra.Cdi.Tests.Writing;

/// <summary>Real file operations with a failure injected at a chosen step.</summary>
internal sealed class FaultyOperations(IAtomicFileOperations inner) : IAtomicFileOperations
{
    public bool FailOnReplace { get; init; }

    /// <summary>Writes half the content to the temporary file, then fails (a full disk).</summary>
    public bool FailDuringWrite { get; init; }

    /// <summary>Writes the whole temporary file, then reports cancellation (the caller gave up mid-write).</summary>
    public bool CancelAfterWrite { get; init; }

    public List<string> TemporaryFiles { get; } = [];

    /// <summary>Every operation in order: "replace &lt;destination&gt;", "sync &lt;directory&gt;".</summary>
    public List<string> Operations { get; } = [];

    public void CreateDirectory(string directory) => inner.CreateDirectory(directory);

    public async Task WriteNewFileAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        TemporaryFiles.Add(path);
        if (FailDuringWrite)
        {
            await inner.WriteNewFileAsync(path, content[..(content.Length / 2)], cancellationToken);
            throw new IOException("No space left on device");
        }

        await inner.WriteNewFileAsync(path, content, cancellationToken);
        if (CancelAfterWrite)
        {
            throw new OperationCanceledException();
        }
    }

    public void Replace(string source, string destination)
    {
        if (FailOnReplace)
        {
            throw new IOException("Injected rename failure");
        }

        inner.Replace(source, destination);
        Operations.Add("replace " + destination);
    }

    public void SyncDirectory(string directory)
    {
        Operations.Add("sync " + directory);
        inner.SyncDirectory(directory);
    }

    public bool DeleteIfExists(string path) => inner.DeleteIfExists(path);
}
