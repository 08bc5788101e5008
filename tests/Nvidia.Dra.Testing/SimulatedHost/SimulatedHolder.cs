
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

    /// <summary>Ends the process: its <c>/proc</c> entry goes away.</summary>
    public void Exit()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }
    }
}
