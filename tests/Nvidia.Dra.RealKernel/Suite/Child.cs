using System.Diagnostics;
using System.Globalization;

namespace Nvidia.Dra.RealKernel;

/// <summary>
/// Another process of this assembly: a VFIO holder, a release run without the host PID namespace, a switch killed
/// mid-way. The tests need real separate processes because the kernel's behaviour depends on who holds what.
/// </summary>
internal sealed class Child : IDisposable
{
    /// <summary>The prefix that runs a child in its own PID namespace with its own /proc: it cannot see other processes.</summary>
    public static readonly string[] WithoutHostPids = ["unshare", "--pid", "--fork", "--mount-proc"];

    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private Child(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet &lt;this assembly&gt; args</c>, optionally under a prefix such as unshare.</summary>
    public static Child Start(string[] prefix, params string[] args)
    {
        var all = prefix.Concat([Environment.ProcessPath!, typeof(Child).Assembly.Location]).Concat(args).ToArray();
        var start = new ProcessStartInfo(all[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in all.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        return new Child(Process.Start(start) ?? throw new InvalidOperationException($"could not start {all[0]}"));
    }

    /// <summary>A holder of the group, its container and a device descriptor; returns once it holds them.</summary>
    public static Child Hold(int group, Vfio.PciAddress device, bool deviceOnly = false)
    {
        var ready = Path.Combine(Path.GetTempPath(), $"rk-hold-{Guid.NewGuid():N}");
        var child = Start([], "--hold", group.ToString(CultureInfo.InvariantCulture), device.ToString(), ready, deviceOnly ? "device-only" : "all");
        if (!GuestKernel.WaitFor(() => File.Exists(ready) || child._process.HasExited, TimeSpan.FromSeconds(60)) || child._process.HasExited)
        {
            var output = child.Output;
            child.Dispose();
            throw new InvalidOperationException($"the holder did not get the device: {output}");
        }

        return child;
    }

    public int Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"child {_process.Id} still runs after {timeout.TotalSeconds} s: {Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(30_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Gone already.
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
