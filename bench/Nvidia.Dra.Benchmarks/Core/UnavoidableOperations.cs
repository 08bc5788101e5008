using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Nvidia.Dra.Testing;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Benchmarks.Core;

/// <summary>
/// The file operations one prepare+unprepare cycle of a one-GPU vfio claim cannot avoid, done with the plainest code
/// (File and Directory calls, no abstraction, no thread, no serialiser; content of the real size, hard-coded): the
/// baseline the engine's cycle is measured against. Each operation is counted once, even where the engine does it
/// twice. Checked against <c>strace -f</c> over one real cycle (<c>cycles 1</c>).
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class UnavoidableOperations
{
    // Byte counts of one real cycle's files (BenchNode's claim): the checkpoint with the claim recorded (the first
    // device's progress included), completed, being unprepared, then empty again; the claim's CDI spec.
    private static readonly byte[] Recorded = Json(1025);
    private static readonly byte[] Completed = Json(1356);
    private static readonly byte[] Unpreparing = Json(1356);
    private static readonly byte[] Empty = Json(86);
    private static readonly byte[] CdiSpec = Json(298);

    /// <summary>Runs one cycle's unavoidable operations on <paramref name="host"/>'s GPU <paramref name="gpu"/>.</summary>
    /// <param name="host">The simulated host; its sysfs writes go through its simulated kernel, like the engine's.</param>
    /// <param name="gpu">The GPU, on nvidia before and after.</param>
    /// <param name="directory">Where the checkpoint and the CDI spec go (same file system as the engine's).</param>
    public static void Run(SimulatedHost host, PciAddress gpu, string directory)
    {
        var kernel = host.FileSystem.File;
        var sys = host.SysfsRoot;
        var address = gpu.ToString();
        var device = Path.Join(sys, "bus/pci/devices", address);
        var nvidiaProc = Path.Join(host.ProcRoot, "driver/nvidia/gpus", address);
        var checkpoint = Path.Join(directory, "checkpoint.json");
        var spec = Path.Join(directory, "claim.yaml");

        // Prepare. Before the switch: what the GPU is bound to, its IOMMU group and every function in it (the whole
        // group is switched, W9), no VFs enabled (W18), nvidia's own view of it, and no process holding its node (W2).
        var group = CheckBeforeSwitch(device, host.ProcRoot, Path.Join(host.DevRoot, "nvidia0"));
        _ = Directory.Exists(nvidiaProc);

        // The claim and the GPU's prior state are durable before the first side effect (W7).
        SyncedWrite(checkpoint, Recorded);

        // The switch: nvidia's unbindLock taken and read back (the driver may refuse it), then the four sysfs writes.
        kernel.WriteAllText(Path.Join(nvidiaProc, "unbindLock"), "1");
        _ = File.ReadAllText(Path.Join(nvidiaProc, "unbindLock"));
        kernel.WriteAllText(Path.Join(sys, "bus/pci/drivers/nvidia/unbind"), address);
        kernel.WriteAllText(Path.Join(device, "driver_override"), "vfio-pci");
        kernel.WriteAllText(Path.Join(sys, "bus/pci/drivers/vfio-pci/bind"), address);

        // After it: bound to vfio-pci, its group node is there (the wait ends on the first stat), and whether the
        // kernel made a device cdev for iommufd.
        _ = new FileInfo(Path.Join(device, "driver")).LinkTarget;
        _ = File.Exists(Path.Join(host.DevRoot, "vfio", group));
        _ = Directory.Exists(Path.Join(device, "vfio-dev"));

        // The CDI spec kubelet hands to the runtime, then the claim marked completed, both durable.
        SyncedWrite(spec, CdiSpec);
        SyncedWrite(checkpoint, Completed);

        // Unprepare. The claim is marked as being unprepared first, so a prepare retried meanwhile is not answered
        // "completed" from a GPU that is on its way back (W7).
        SyncedWrite(checkpoint, Unpreparing);
        File.Delete(spec);

        // Before the switch back: the same checks, the holders now those of the group's VFIO node (a VM still running).
        _ = CheckBeforeSwitch(device, host.ProcRoot, Path.Join(host.DevRoot, "vfio", group));

        // The switch back: clear the override, unbind from vfio-pci, pin nvidia, bind, clear the override.
        kernel.WriteAllText(Path.Join(device, "driver_override"), "\n");
        kernel.WriteAllText(Path.Join(sys, "bus/pci/drivers/vfio-pci/unbind"), address);
        kernel.WriteAllText(Path.Join(device, "driver_override"), "nvidia");
        kernel.WriteAllText(Path.Join(sys, "bus/pci/drivers/nvidia/bind"), address);
        kernel.WriteAllText(Path.Join(device, "driver_override"), "\n");

        // After it: bound to nvidia, and nvidia has taken it (its proc entry is back).
        _ = new FileInfo(Path.Join(device, "driver")).LinkTarget;
        _ = Directory.Exists(nvidiaProc);

        // The claim forgotten, durably.
        SyncedWrite(checkpoint, Empty);
    }

    /// <summary>The reads every switch's safety checks need; returns the IOMMU group.</summary>
    private static string CheckBeforeSwitch(string device, string procRoot, string node)
    {
        _ = new FileInfo(Path.Join(device, "driver")).LinkTarget;
        var group = Path.GetFileName(new FileInfo(Path.Join(device, "iommu_group")).LinkTarget)!;
        _ = Directory.GetFileSystemEntries(Path.Join(device, "iommu_group", "devices"));
        _ = File.Exists(Path.Join(device, "sriov_numvfs"));
        ScanHolders(procRoot, node);
        return group;
    }

    /// <summary>The holder scan the engine must do: every process's open files, each fd's link read.</summary>
    private static int ScanHolders(string procRoot, string node)
    {
        var holders = 0;
        foreach (var process in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Join(process, "fd")))
            {
                if (string.Equals(new FileInfo(fd).LinkTarget, node, StringComparison.Ordinal))
                {
                    holders++;
                }
            }
        }

        return holders;
    }

    /// <summary>Temporary file, fsync, rename over the target, fsync of the directory (the rename is durable).</summary>
    private static void SyncedWrite(string target, byte[] content)
    {
        var temporary = target + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, target, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(target)!);
    }

    private static void SyncDirectory(string directory)
    {
        var fd = Open(directory, 0x10000 | 0x80000); // O_RDONLY | O_DIRECTORY | O_CLOEXEC
        if (fd < 0 || FileSync(fd) != 0)
        {
            throw new IOException($"cannot sync {directory}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        _ = Close(fd);
    }

    private static byte[] Json(int size)
    {
        const string Head = "{\"claims\":{\"x\":\"";
        const string Tail = "\"}}";
        return Encoding.UTF8.GetBytes(Head + new string('a', size - Head.Length - Tail.Length) + Tail);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FileSync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
