using System.Text.Json;
using Nvidia.Dra.Core.Locking;

namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>
/// Reads and writes <c>&lt;plugin data dir&gt;/checkpoint.json</c>. Every write is atomic and durable: a temporary
/// file in the same directory, flushed to disk, renamed over the checkpoint, then the directory synced. A corrupt file is reported with
/// <see cref="CheckpointCorruptException"/> and never overwritten: once seen, every later call fails the same way
/// until an operator repairs it and restarts. Callers serialise writes with the node lock (read-modify-write).
/// </summary>
internal sealed class CheckpointStore
{
    /// <summary>The checkpoint file name.</summary>
    public const string FileName = "checkpoint.json";

    private readonly string directory;
    private readonly Action<string> syncDirectory;
    private readonly Lock cacheGate = new();
    private (byte[] Bytes, Checkpoint Checkpoint)? cache;
    private CheckpointCorruptException? corruption;

    public CheckpointStore(string pluginDataDirectory, Action<string>? syncDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginDataDirectory);
        directory = pluginDataDirectory;
        this.syncDirectory = syncDirectory ?? Nvidia.Dra.Cdi.Writing.DirectorySync.Sync;
        Path = System.IO.Path.Join(pluginDataDirectory, FileName);
    }

    /// <summary>Gets the checkpoint file.</summary>
    public string Path { get; }

    /// <summary>Reads the checkpoint; a missing file is an empty checkpoint.</summary>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="CheckpointCorruptException">The file cannot be read as a checkpoint.</exception>
    public Checkpoint Load()
    {
        if (corruption is not null)
        {
            throw corruption;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (FileNotFoundException)
        {
            return new Checkpoint();
        }
        catch (DirectoryNotFoundException)
        {
            return new Checkpoint();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A directory in its place, a data directory that is a file, EIO: not corrupt (the file is not poisoned,
            // the next call reads again), but never "no checkpoint".
            throw new PluginStateException(Path, $"the checkpoint cannot be read ({ex.Message})", "Make it a regular file readable by the plugin (or remove what is in its place if it holds no claims) and retry", ex);
        }

        lock (cacheGate)
        {
            // Unchanged since the last read or write (by us or another instance): the parsed record is immutable.
            if (cache is { } cached && cached.Bytes.AsSpan().SequenceEqual(bytes))
            {
                return cached.Checkpoint;
            }
        }

        Checkpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize(bytes, CheckpointJsonContext.Default.Checkpoint);
        }
        catch (JsonException ex)
        {
            throw Poison($"not valid checkpoint JSON at {ex.Path ?? "$"} (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        if (checkpoint is null)
        {
            throw Poison("the file holds JSON null, not a checkpoint");
        }

        if (checkpoint.Claims is null)
        {
            throw Poison("'claims' is null; an empty checkpoint has \"claims\": {}");
        }

        if (checkpoint.Version is < 1 or > Checkpoint.CurrentVersion)
        {
            // A newer format may record state this code cannot restore: reading it as if it were ours would forget it.
            throw Poison($"it declares version {checkpoint.Version} and this plugin reads version {Checkpoint.CurrentVersion} only; run the plugin version that wrote it");
        }

        foreach (var (uid, claim) in checkpoint.Claims)
        {
            if (claim is null || !string.Equals(claim.Uid, uid, StringComparison.Ordinal) || claim.Devices is null ||
                claim.Devices.Any(d => d is null || d.Functions is null || d.Functions.Count == 0))
            {
                throw Poison($"the entry for claim '{uid}' is incomplete (uid, devices or functions missing)");
            }
        }

        lock (cacheGate)
        {
            cache = (bytes, checkpoint);
        }

        return checkpoint;
    }

    /// <summary>Replaces the checkpoint atomically and durably.</summary>
    /// <param name="checkpoint">The new content.</param>
    /// <exception cref="CheckpointCorruptException">The existing file was found corrupt earlier.</exception>
    public void Save(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (corruption is not null)
        {
            throw corruption;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(checkpoint, CheckpointJsonContext.Default.Checkpoint);
        var temporary = System.IO.Path.Join(directory, PluginDataFiles.TemporaryName(FileName));
        var created = PluginDataFiles.OpenExclusive(temporary, FileMode.CreateNew, FileAccess.Write);
        try
        {
            using (created)
            {
                RandomAccess.Write(created, bytes, 0);

                // Durable before the rename: a crash must never leave a renamed but empty checkpoint.
                RandomAccess.FlushToDisk(created);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        // The rename is only durable once the directory entry is: a power loss must not bring back the old record.
        syncDirectory(directory);
        lock (cacheGate)
        {
            cache = (bytes, checkpoint);
        }
    }

    private CheckpointCorruptException Poison(string detail, Exception? inner = null)
    {
        corruption = new CheckpointCorruptException(Path, detail, inner);
        return corruption;
    }
}
