using System.IO.Abstractions;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>
/// Finds which NVIDIA driver root a node uses — <c>/</c> (host install), <c>/run/nvidia/driver</c> (GPU Operator)
/// or <c>/home/kubernetes/bin/nvidia</c> (GKE) — by looking for <c>libnvidia-ml.so.1</c> and <c>nvidia-smi</c>
/// where driver installs put them. Reads only.
/// </summary>
public static class DriverRootDetector
{
    // Where driver installs put the NVML library and nvidia-smi, relative to the root (distribution and
    // container-image layouts; "lib" for images that ship it there).
    private static readonly string[] LibraryDirectories =
    [
        "", "usr/lib64", "usr/lib/x86_64-linux-gnu", "usr/lib/aarch64-linux-gnu", "lib64", "lib", "lib/x86_64-linux-gnu",
        "lib/aarch64-linux-gnu", "usr/lib/x86_64-linux-gnu/nvidia/current", "usr/lib/aarch64-linux-gnu/nvidia/current",
    ];

    private static readonly string[] ToolDirectories = ["usr/bin", "bin"];

    /// <summary>Probes each candidate root under the host root.</summary>
    /// <param name="hostRoot">The host's <c>/</c> in this process's view (<c>/</c>, or <c>/host-root</c> in a container).</param>
    /// <param name="candidates">The driver roots to probe, as the host sees them.</param>
    /// <param name="fileSystem">File system; defaults to the real one.</param>
    /// <returns>One probe per candidate, in order.</returns>
    public static IReadOnlyList<DriverRootProbe> Probe(string hostRoot, IEnumerable<string> candidates, IFileSystem? fileSystem = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostRoot);
        ArgumentNullException.ThrowIfNull(candidates);
        fileSystem ??= new FileSystem();
        return [.. candidates.Select(root => ProbePath(root, Path.Join(hostRoot, root.TrimStart('/')), fileSystem))];
    }

    /// <summary>Probes one directory for an NVIDIA driver install.</summary>
    /// <param name="root">The root's name for messages.</param>
    /// <param name="path">The directory in this process's view.</param>
    /// <param name="fileSystem">File system; defaults to the real one.</param>
    /// <returns>The probe.</returns>
    public static DriverRootProbe ProbePath(string root, string path, IFileSystem? fileSystem = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(path);
        fileSystem ??= new FileSystem();
        var files = LibraryDirectories.Select(d => Path.Join(path, d, "libnvidia-ml.so.1"))
            .Concat(ToolDirectories.Select(d => Path.Join(path, d, "nvidia-smi")))
            .Where(fileSystem.File.Exists)
            .ToList();
        return new DriverRootProbe(root, Normalize(path), files);
    }

    /// <summary>Returns the first candidate with a driver, as the host sees it.</summary>
    /// <param name="hostRoot">The host's <c>/</c> in this process's view.</param>
    /// <param name="candidates">The candidates; defaults to <see cref="DoctorOptions.WellKnownDriverRoots"/>.</param>
    /// <param name="fileSystem">File system; defaults to the real one.</param>
    /// <returns>The root, or <see langword="null"/> when no candidate has a driver.</returns>
    public static DriverRootProbe? Detect(string hostRoot, IEnumerable<string>? candidates = null, IFileSystem? fileSystem = null) =>
        Probe(hostRoot, candidates ?? DoctorOptions.WellKnownDriverRoots, fileSystem).FirstOrDefault(p => p.HasDriver);

    internal static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
