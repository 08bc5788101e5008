using System.Diagnostics;
using System.Globalization;

namespace Nvidia.Dra.Testing;

/// <summary>
/// A real child process (<c>sleep</c>) holding a file open on descriptor 3, for scans over the real <c>/proc</c>.
/// Disposing kills it.
/// </summary>
public sealed class RealHolderProcess : IDisposable
{
    private readonly Process _process;

    private RealHolderProcess(Process process, string path)
    {
        _process = process;
        Path = path;
    }

    /// <summary>Gets the process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Gets the file it holds.</summary>
    public string Path { get; }

    /// <summary>Starts a process holding <paramref name="path"/> open and waits until the descriptor is visible.</summary>
    /// <param name="path">The file to hold.</param>
    /// <param name="timeout">How long to wait for the process to open it.</param>
    /// <returns>The running process.</returns>
    public static RealHolderProcess Start(string path, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec sleep 3600 3<\"$0\"");
        start.ArgumentList.Add(path);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start /bin/sh.");
        var holder = new RealHolderProcess(process, path);
        var fd = "/proc/" + process.Id.ToString(CultureInfo.InvariantCulture) + "/fd/3";
        var deadline = Stopwatch.StartNew();
        while (!(File.Exists(fd) && new FileInfo(fd).LinkTarget == path))
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                holder.Dispose();
                throw new TimeoutException($"PID {process.Id} did not open {path} on fd 3 in time.");
            }

            Thread.Sleep(5);
        }

        return holder;
    }

    /// <summary>Kills the process and waits for it.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
