using System.Diagnostics;
using System.Reflection;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.RealKernel;

/// <summary>
/// Runs every <see cref="GuestFactAttribute"/> test of the assembly in one process inside the guest (one boot per
/// kernel; starting a test host there would cost more than the tests). Prints one line per test and the summary line
/// eng/realkernel/test.sh reads. After each test the emulated devices are put back on their boot drivers, so one
/// failure does not cascade.
/// </summary>
internal static class SuiteRunner
{
    private static readonly Type[] Order =
        [typeof(DiscoveryTests), typeof(SwitchTests), typeof(SwitchTimingTests), typeof(BusyGroupTests), typeof(HungUnbindTests), typeof(CrashRecoveryTests)];

    private static readonly PciAddress[] Emulated =
    [
        GuestKernel.Single, GuestKernel.SlotFunction0, GuestKernel.SlotFunction1, GuestKernel.Driverless,
        GuestKernel.BehindBridge1, GuestKernel.BehindBridge2,
    ];

    public static async Task<int> RunAsync(string? filter)
    {
        GuestGuard.Default.EnsureGuest();
        var release = GuestKernel.Release;
        var boot = Emulated.ToDictionary(a => a, GuestKernel.Driver);
        int passed = 0, failed = 0, skipped = 0;
        foreach (var type in Order)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(m => m.MetadataToken))
            {
                if (method.GetCustomAttribute<GuestFactAttribute>() is null)
                {
                    continue;
                }

                var name = $"{type.Name}.{method.Name}";
                if (filter is not null && !name.Contains(filter, StringComparison.Ordinal))
                {
                    skipped++;
                    Console.WriteLine($"SKIP {name} (filter)");
                    continue;
                }

                var watch = Stopwatch.StartNew();
                try
                {
                    var instance = Activator.CreateInstance(type)!;
                    try
                    {
                        if (method.Invoke(instance, null) is Task task)
                        {
                            await task.ConfigureAwait(false);
                        }
                    }
                    finally
                    {
                        (instance as IDisposable)?.Dispose();
                    }

                    passed++;
                    Console.WriteLine($"PASS {name} ({watch.Elapsed.TotalSeconds:0.0} s)");
                }
                catch (Exception e)
                {
                    var error = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                    failed++;
                    Console.WriteLine($"FAIL {name} ({watch.Elapsed.TotalSeconds:0.0} s): {error.GetType().Name}: {error.Message}");
                    Console.Error.WriteLine(error);
                }

                Reset(boot);
            }
        }

        Console.WriteLine($"realkernel {release}: {passed} passed, {failed} failed, {skipped} skipped");
        return failed == 0 ? 0 : 1;
    }

    private static void Reset(Dictionary<PciAddress, string?> boot)
    {
        foreach (var (address, driver) in boot)
        {
            if (GuestKernel.Driver(address) != driver || GuestKernel.Override(address) != "(null)")
            {
                Console.WriteLine($"     reset {address}: {GuestKernel.Driver(address) ?? "no driver"} -> {driver ?? "no driver"}");
                try
                {
                    GuestKernel.ForceBind(address, driver);
                }
                catch (IOException e)
                {
                    Console.WriteLine($"     reset {address} failed: {e.Message}");
                }
            }
        }
    }
}
