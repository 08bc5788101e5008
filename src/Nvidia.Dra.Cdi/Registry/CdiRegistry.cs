using System.Collections.Immutable;
using System.IO.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Cdi;

/// <summary>
/// Loads the CDI specs of the configured directories with the reference library's rules: files ending exactly in
/// <c>.json</c> or <c>.yaml</c>, no recursion, missing directories skipped, a bad file skipped with its error
/// recorded; a device defined in a later (higher-priority) directory shadows an earlier one, and a device defined
/// twice at the same priority is a conflict that makes it unavailable (even if a higher directory defines it too).
/// </summary>
public sealed class CdiRegistry : ICdiRegistry
{
    private readonly IFileSystem _fileSystem;
    private readonly ILogger _logger;
    private volatile CdiRegistrySnapshot _current = CdiRegistrySnapshot.Empty;

    /// <summary>Creates a registry over the configured <see cref="CdiOptions.SpecDirectories"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="fileSystem">The file system; the real one when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    public CdiRegistry(IOptions<CdiOptions> options, IFileSystem? fileSystem = null, ILogger<CdiRegistry>? logger = null)
        : this(GetDirectories(options), fileSystem, logger)
    {
    }

    /// <summary>Creates a registry over the given directories.</summary>
    /// <param name="specDirectories">The directories, lowest priority first.</param>
    /// <param name="fileSystem">The file system; the real one when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    public CdiRegistry(IEnumerable<string> specDirectories, IFileSystem? fileSystem = null, ILogger<CdiRegistry>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(specDirectories);
        List<string> directories = [.. specDirectories];
        foreach (var directory in directories)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(directory, nameof(specDirectories));
        }

        // As the reference cache: no directories means the defaults, and paths are cleaned.
        SpecDirectories = directories.Count == 0
            ? [CdiOptions.StaticSpecDirectory, CdiOptions.DynamicSpecDirectory]
            : [.. directories.Select(CleanPath)];

        _fileSystem = fileSystem ?? new FileSystem();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> SpecDirectories { get; }

    /// <inheritdoc />
    public CdiRegistrySnapshot Current => _current;

    /// <inheritdoc />
    public async Task<CdiRegistrySnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var specs = ImmutableArray.CreateBuilder<CdiRegisteredSpec>();
        var devices = new Dictionary<string, CdiRegisteredDevice>(StringComparer.Ordinal);
        var conflicts = new HashSet<string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        for (var priority = 0; priority < SpecDirectories.Count; priority++)
        {
            var directory = SpecDirectories[priority];
            if (!_fileSystem.Directory.Exists(directory))
            {
                _logger.SpecDirectoryMissing(directory);
                continue;
            }

            foreach (var path in SpecFilesIn(directory))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var spec = await LoadAsync(path, cancellationToken).ConfigureAwait(false);
                if (spec.Error is { } error)
                {
                    AddError(errors, path, error);
                    _logger.SpecLoadFailed(path, error);
                    continue;
                }

                var registered = new CdiRegisteredSpec(path, priority, spec.Spec!);
                specs.Add(registered);
                foreach (var device in registered.Spec.Devices)
                {
                    var qualified = registered.Spec.Kind + "=" + device.Name;
                    if (devices.TryGetValue(qualified, out var other))
                    {
                        if (other.Spec.Priority > priority)
                        {
                            continue;
                        }

                        if (other.Spec.Priority == priority)
                        {
                            var message = $"conflicting device \"{qualified}\" (specs \"{path}\", \"{other.Spec.Path}\")";
                            AddError(errors, path, message);
                            AddError(errors, other.Spec.Path, message);
                            conflicts.Add(qualified);
                            _logger.DeviceConflict(qualified, path, other.Spec.Path);
                            continue;
                        }
                    }

                    devices[qualified] = new CdiRegisteredDevice(qualified, device, registered);
                }
            }
        }

        foreach (var conflict in conflicts)
        {
            devices.Remove(conflict);
        }

        var snapshot = new CdiRegistrySnapshot(
            specs.ToImmutable(),
            devices.ToImmutableSortedDictionary(StringComparer.Ordinal),
            errors.ToImmutableSortedDictionary(e => e.Key, e => e.Value.ToImmutableArray(), StringComparer.Ordinal));
        _current = snapshot;
        _logger.RegistryRefreshed(snapshot.Specs.Length, snapshot.Devices.Count, snapshot.Errors.Count);
        return snapshot;
    }

    /// <summary>Lexically cleans a path: repeated and trailing separators, <c>.</c> and <c>..</c> (Go's <c>filepath.Clean</c>).</summary>
    internal static string CleanPath(string path)
    {
        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            if (part == ".." && rooted)
            {
                continue;
            }

            parts.Add(part);
        }

        var cleaned = string.Join('/', parts);
        return rooted ? "/" + cleaned : cleaned.Length == 0 ? "." : cleaned;
    }

    private static IReadOnlyList<string> GetDirectories(IOptions<CdiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. options.Value.SpecDirectories];
    }

    private static void AddError(Dictionary<string, List<string>> errors, string path, string message)
    {
        if (!errors.TryGetValue(path, out var list))
        {
            errors[path] = list = [];
        }

        list.Add(message);
    }

    private IEnumerable<string> SpecFilesIn(string directory)
    {
        var entries = _fileSystem.Directory.EnumerateFileSystemEntries(directory).ToList();
        entries.Sort(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var extension = _fileSystem.Path.GetExtension(entry);
            if ((extension == ".json" || extension == ".yaml") && !_fileSystem.Directory.Exists(entry))
            {
                yield return entry;
            }
        }
    }

    private async Task<(CdiSpec? Spec, string? Error)> LoadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await CdiSpecFile.LoadAsync(path, _fileSystem, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"failed to read CDI Spec \"{path}\": {ex.Message}");
        }
        catch (CdiSpecException ex)
        {
            return (null, ex.Message);
        }
    }
}
