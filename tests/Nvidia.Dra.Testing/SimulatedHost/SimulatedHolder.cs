
namespace Nvidia.Dra.Testing;

/// <summary>A simulated process in the simulated <c>/proc</c> holding a device node open.</summary>
public sealed class SimulatedHolder
{
    private readonly string _directory;

    internal SimulatedHolder(int pid, string devicePath, string directory)
    {
        Pid = pid;
        DevicePath = devicePath;
        _directory = directory;
    }

    /// <summary>Gets the simulated PID.</summary>
    public int Pid { get; }

    /// <summary>Gets the node it holds.</summary>
    public string DevicePath { get; }

    /// <summary>Gets a value indicating whether it has exited.</summary>
    public bool Exited => !Directory.Exists(_directory);

    /// <summary>
    /// Opens one more descriptor: a node path, or the link text of an anonymous descriptor such as
    /// <c>anon_inode:[vfio-device]</c> (a VFIO device fd, which names no device).
    /// </summary>
    /// <param name="target">What the new descriptor's link names.</param>
    /// <returns>The descriptor number.</returns>
    public int Open(string target)
    {
        var fd = Directory.GetFileSystemEntries(Path.Join(_directory, "fd")).Length + 3;
        File.CreateSymbolicLink(Path.Join(_directory, "fd", fd.ToString(System.Globalization.CultureInfo.InvariantCulture)), target);
        return fd;
    }

    /// <summary>Closes a descriptor.</summary>
    /// <param name="fd">The descriptor number.</param>
    public void Close(int fd) => File.Delete(Path.Join(_directory, "fd", fd.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Ends the process: its <c>/proc</c> entry goes away.</summary>
    public void Exit()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }
}
