using System.Globalization;
using System.IO.Abstractions;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Cdi.Writing;

namespace Nvidia.Dra.Cdi;

/// <summary>
/// Writes CDI specs atomically: the spec is validated first (nothing is written when it is invalid or its name is
/// unsafe), then encoded into a temporary file in the same directory (a name that never ends in <c>.json</c> or
/// <c>.yaml</c>, so spec scanners ignore it), flushed to disk, given mode 0644 and renamed over the target.
/// Readers see the old file or the new one, never a partial one; on any failure the temporary file is removed
/// and the old file is left as it was.
/// </summary>
public sealed class CdiSpecWriter : ICdiSpecWriter
{
    private readonly IAtomicFileOperations _operations;
    private readonly ILogger _logger;

    /// <summary>Creates a writer for the configured <see cref="CdiOptions.WriteDirectory"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="fileSystem">The file system; the real one when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    public CdiSpecWriter(IOptions<CdiOptions> options, IFileSystem? fileSystem = null, ILogger<CdiSpecWriter>? logger = null)
        : this(GetDirectory(options), fileSystem, logger)
    {
    }

    /// <summary>Creates a writer for a directory.</summary>
    /// <param name="directory">The directory specs are written to, e.g. <c>/var/run/cdi</c>.</param>
    /// <param name="fileSystem">The file system; the real one when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    public CdiSpecWriter(string directory, IFileSystem? fileSystem = null, ILogger<CdiSpecWriter>? logger = null)
        : this(directory, new FileSystemAtomicOperations(fileSystem ?? new FileSystem()), logger)
    {
    }

    internal CdiSpecWriter(string directory, IAtomicFileOperations operations, ILogger? logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(operations);
        Directory = directory;
        _operations = operations;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Directory { get; }

    /// <inheritdoc />
    public async Task<string> WriteAsync(CdiSpec spec, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(name);
        var path = PathFor(name);
        var problems = CdiSpecValidator.Validate(spec);
        if (!problems.IsEmpty)
        {
            var exception = new CdiSpecException(path, problems);
            _logger.SpecRejected(name, exception.Message);
            throw exception;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var content = Encoding.UTF8.GetBytes(CdiSpecSerializer.Serialize(spec, CdiSpecSerializer.FormatOf(path)));
        var temporary = System.IO.Path.Combine(Directory, $".{System.IO.Path.GetFileName(path)}.{RandomSuffix()}.tmp");
        var committed = false;
        try
        {
            _operations.CreateDirectory(Directory);
            await _operations.WriteNewFileAsync(temporary, content, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            _operations.Replace(temporary, path);
            committed = true;
            _operations.SyncDirectory(Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.SpecWriteFailed(path, ex);
            throw new CdiException($"failed to write CDI spec \"{path}\": {ex.Message}; check that {Directory} is writable and has space", ex);
        }
        finally
        {
            // Whatever went wrong (including cancellation), the old file stays and no temporary file is left.
            if (!committed)
            {
                TryDelete(temporary);
            }
        }

        _logger.SpecWritten(path, spec.Kind, spec.Version, spec.Devices.Count);
        return path;
    }

    /// <inheritdoc />
    public Task<string> WriteTransientAsync(CdiSpec spec, string transientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(transientId);
        return WriteAsync(spec, CdiSpecNames.GenerateNameForTransientSpec(spec, transientId), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathFor(name);
        bool removed;
        try
        {
            removed = _operations.DeleteIfExists(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CdiException($"failed to remove CDI spec \"{path}\": {ex.Message}; check the permissions of {Directory}", ex);
        }

        if (removed)
        {
            _logger.SpecRemoved(path);
        }

        return Task.FromResult(removed);
    }

    /// <inheritdoc />
    public Task<bool> RemoveTransientAsync(string kind, string transientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentException.ThrowIfNullOrEmpty(transientId);
        var (vendor, @class) = CdiNames.ParseKind(kind);
        if (vendor.Length == 0)
        {
            throw new CdiNameException(kind, $"invalid vendor/class \"{kind}\"; pass the spec's kind, e.g. k8s.gpu.nvidia.com/claim");
        }

        return RemoveAsync(CdiSpecNames.GenerateTransientSpecName(vendor, @class, transientId), cancellationToken);
    }

    private static string GetDirectory(IOptions<CdiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Value.WriteDirectory;
    }

    // The temporary file is created exclusively (CreateNew), so the digits only need to differ from a leftover's:
    // Random.Shared, not the cryptographic generator, which costs a call into OpenSSL per spec.
    private static string RandomSuffix() => Random.Shared.NextInt64(1L << 48).ToString("x12", CultureInfo.InvariantCulture);

    private string PathFor(string name)
    {
        if (CdiSpecNames.ValidateFileName(name) is { } error)
        {
            _logger.SpecRejected(name, error);
            throw new CdiNameException(name, error);
        }

        return System.IO.Path.Combine(Directory, CdiSpecNames.ToFileName(name));
    }

    private void TryDelete(string path)
    {
        try
        {
            _operations.DeleteIfExists(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more; a stray temporary file is ignored by spec scanners.
        }
    }
}
