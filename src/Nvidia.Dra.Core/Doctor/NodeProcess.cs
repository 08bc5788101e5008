using System.Globalization;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>A process of the node, read from procfs.</summary>
/// <param name="Pid">The process id in the scanned proc root's PID namespace.</param>
/// <param name="Command">The command name (<c>comm</c>, at most 15 characters).</param>
/// <param name="CommandLine">The arguments (<c>cmdline</c>), space-separated; empty for kernel threads or when unreadable.</param>
/// <param name="Owner">The systemd unit or container that owns it.</param>
/// <param name="Kind">What the process is, as far as passthrough is concerned.</param>
public sealed record NodeProcess(int Pid, string Command, string CommandLine, HolderOwner Owner, NodeProcessKind Kind)
{
    /// <summary>Describes the process for evidence lines: <c>PID 42 nv-hostengine (unit nvidia-dcgm.service)</c>.</summary>
    /// <returns>The description.</returns>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"PID {Pid} {Command} ({Owner})");
}
