using System.Text;

namespace Nvidia.Dra.Core.Preparation;

/// <summary>
/// Checks on paths built from claim names, done before any side effect: every component within the file system's
/// name limit and the whole within the path limit (a 253-character claim name must be refused, not switch a GPU
/// and fail on the metadata file), and no symbolic link planted below the configured roots (files are never
/// written through one).
/// </summary>
internal static class PathSafety
{
    /// <summary>NAME_MAX of Linux file systems, in bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>PATH_MAX of Linux, in bytes, less the terminating NUL.</summary>
    public const int MaxPathBytes = 4095;

    // Temporary siblings of an atomic write are named ".<name>.<32 hex>.tmp".
    private const int TemporarySuffixBytes = 38;

    /// <summary>Describes why a path is too long for the file system, or returns <see langword="null"/>.</summary>
    /// <param name="path">The full path of a file this driver writes atomically.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? CheckLength(string path)
    {
        if (Encoding.UTF8.GetByteCount(path) + TemporarySuffixBytes > MaxPathBytes)
        {
            return $"path {Shorten(path)} is longer than the {MaxPathBytes}-byte path limit";
        }

        foreach (var part in path.Split('/'))
        {
            if (Encoding.UTF8.GetByteCount(part) + TemporarySuffixBytes > MaxNameBytes)
            {
                return $"path component '{Shorten(part)}' ({Encoding.UTF8.GetByteCount(part)} bytes) leaves no room within the file system's {MaxNameBytes}-byte name limit";
            }
        }

        return null;
    }

    /// <summary>Finds a symbolic link between <paramref name="root"/> (exclusive) and <paramref name="path"/> (inclusive).</summary>
    /// <param name="root">The configured root; it may itself be a link (an administrator's choice).</param>
    /// <param name="path">A path under the root.</param>
    /// <returns>The first link and its target, or <see langword="null"/>.</returns>
    public static string? FindLink(string root, string path)
    {
        var current = root;
        foreach (var part in Relative(root, path))
        {
            current = Path.Join(current, part);
            if (new FileInfo(current).LinkTarget is { } target)
            {
                return $"{current} is a symbolic link to {target}";
            }
        }

        return null;
    }

    /// <summary>Creates the directories from <paramref name="root"/> down to <paramref name="directory"/>, refusing links.</summary>
    /// <param name="root">The configured root.</param>
    /// <param name="directory">A directory under the root.</param>
    /// <param name="mode">The mode of created directories.</param>
    /// <exception cref="IOException">A component is a symbolic link or not a directory.</exception>
    public static void CreateDirectoryUnder(string root, string directory, UnixFileMode mode)
    {
        Directory.CreateDirectory(root, mode);
        var current = root;
        foreach (var part in Relative(root, directory))
        {
            current = Path.Join(current, part);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is { } target)
            {
                throw new IOException($"{current} is a symbolic link to {target}; refusing to write through it. Only this driver creates entries there: remove the link");
            }

            if (!info.Exists)
            {
                Directory.CreateDirectory(current, mode);
            }
        }
    }

    private static string[] Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative == ".")
        {
            return [];
        }

        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{path} is not under {root}", nameof(path));
        }

        return relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Shorten(string value) => value.Length > 80 ? value[..80] + "…" : value;
}
