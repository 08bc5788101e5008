using System.Globalization;
using System.IO.Abstractions;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>Reads every process of a proc root: command, arguments and owner. Processes that exit mid-read are skipped; a
/// proc root that does not exist throws <see cref="DoctorFactUnavailableException"/>.</summary>
internal static class ProcessTable
{
    public static IReadOnlyList<NodeProcess> Read(IFileSystem fileSystem, string procRoot, CancellationToken cancellationToken)
    {
        // A proc root that is not there shows no process at all, which the checks would read as "nothing running".
        if (!fileSystem.Directory.Exists(procRoot))
        {
            throw new DoctorFactUnavailableException(
                $"the proc root {procRoot} does not exist, so no process could be listed",
                "point the proc root at the host's procfs (nvdra doctor --proc-root or --host-root; in a pod: hostPID: true and the host's /proc mounted)");
        }

        var processes = new List<NodeProcess>();
        foreach (var directory in fileSystem.Directory.EnumerateDirectories(procRoot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var command = ReadText(fileSystem, Path.Join(directory, "comm"))?.Trim();
            if (command is null)
            {
                continue; // exited
            }

            var arguments = ReadText(fileSystem, Path.Join(directory, "cmdline"))?.Split('\0', StringSplitOptions.RemoveEmptyEntries) ?? [];
            var owner = HolderOwner.FromCgroup(ReadText(fileSystem, Path.Join(directory, "cgroup")));
            var executable = arguments.Length > 0 ? Path.GetFileName(arguments[0]) : null;
            var unit = owner.Kind == HolderOwnerKind.SystemdUnit ? owner.Name : null;
            var kind = ProcessClassifier.Classify(command, executable, unit);
            processes.Add(new NodeProcess(pid, command, string.Join(' ', arguments), owner, kind));
        }

        processes.Sort((a, b) => a.Pid.CompareTo(b.Pid));
        return processes;
    }

    public static string? ReadText(IFileSystem fileSystem, string path)
    {
        try
        {
            return fileSystem.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
