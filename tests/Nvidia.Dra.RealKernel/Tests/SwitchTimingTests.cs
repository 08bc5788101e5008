using System.Diagnostics;
using System.Globalization;

namespace Nvidia.Dra.RealKernel;

/// <summary>
/// Switch times on this kernel (docs/performance.md): the package's switch and restore of the single-function device,
/// warm, against the baseline of the same sysfs writes made by a shell (the NVIDIA guide's sequence), in the same boot.
/// </summary>
public sealed class SwitchTimingTests
{
    private const int Cycles = 5;

    // The guide's sequence, timed inside one bash (builtins only, so no process start is timed); it checks the guest marker itself before its first write.
    private const string ShellCycles = """
        grep -qw nvdra.realkernel=guest /proc/cmdline || { echo "not the guest" >&2; exit 2; }
        d=/sys/bus/pci/devices/$1
        for i in $(seq $2); do
          t0=${EPOCHREALTIME/./}
          echo vfio-pci > $d/driver_override; echo $1 > $d/driver/unbind; echo $1 > /sys/bus/pci/drivers/vfio-pci/bind
          t1=${EPOCHREALTIME/./}
          echo > $d/driver_override; echo $1 > $d/driver/unbind; echo $1 > /sys/bus/pci/drivers/$3/bind
          t2=${EPOCHREALTIME/./}
          echo "$(( t1 - t0 )) $(( t2 - t1 ))"
        done
        """;

    [GuestFact]
    public async Task Switch_and_restore_times_against_the_shell_sequence()
    {
        var device = GuestKernel.Single;
        var sw = GuestKernel.Switch();
        var planner = GuestKernel.Planner();
        var package = new List<(double To, double Back)>();
        await sw.RestoreAsync(await sw.SwitchToVfioAsync(planner.PlanFunction(device))); // warm-up: JIT
        for (var i = 0; i < Cycles; i++)
        {
            var plan = planner.PlanFunction(device);
            var watch = Stopwatch.StartNew();
            var record = await sw.SwitchToVfioAsync(plan);
            var to = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            await sw.RestoreAsync(record);
            package.Add((to, watch.Elapsed.TotalMilliseconds));
        }

        GuestGuard.Default.EnsureGuest();
        var start = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-c", ShellCycles, "bash", device.ToString(), Cycles.ToString(CultureInfo.InvariantCulture), "e1000e" })
        {
            start.ArgumentList.Add(arg);
        }

        using var shell = Process.Start(start)!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();
        shell.ExitCode.Should().Be(0);
        var baseline = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture) / 1000).ToArray())
            .Select(v => (To: v[0], Back: v[1])).ToList();
        baseline.Should().HaveCount(Cycles);
        GuestKernel.Driver(device).Should().Be("e1000e");

        double Median(IEnumerable<double> values) => values.Order().ElementAt(Cycles / 2);
        var (pTo, pBack) = (Median(package.Select(p => p.To)), Median(package.Select(p => p.Back)));
        var (sTo, sBack) = (Median(baseline.Select(p => p.To)), Median(baseline.Select(p => p.Back)));
        Console.WriteLine($"     timing {GuestKernel.Release} median of {Cycles}: package to vfio-pci {pTo:0} ms, back {pBack:0} ms; shell baseline {sTo:0} ms, {sBack:0} ms; ratio {pTo / sTo:0.00} / {pBack / sBack:0.00}");
    }
}
