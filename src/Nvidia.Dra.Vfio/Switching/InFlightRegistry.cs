namespace Nvidia.Dra.Vfio;

/// <summary>
/// Process-wide per-device markers. A switch holds one reference; every sysfs write thread holds another, so a
/// write stuck in the kernel keeps its device marked after the caller gave up, and a retry fails fast.
/// Keys include the sysfs root, so simulated hosts with the same addresses do not collide.
/// </summary>
internal static class InFlightRegistry
{
    private static readonly Dictionary<(string Root, PciAddress Device), Lease> Leases = [];

    public static IReadOnlyList<Lease> AcquireAll(string root, IEnumerable<PciAddress> devices, string activity)
    {
        var acquired = new List<Lease>();
        lock (Leases)
        {
            foreach (var device in devices.Distinct())
            {
                if (Leases.TryGetValue((root, device), out var existing))
                {
                    foreach (var lease in acquired)
                    {
                        lease.ReleaseLocked();
                    }

                    throw new DriverSwitchInFlightException(device, existing.Activity);
                }

                var created = new Lease(root, device, activity);
                Leases.Add((root, device), created);
                acquired.Add(created);
            }
        }

        return acquired;
    }

    public static bool IsInFlight(string root, PciAddress device)
    {
        lock (Leases)
        {
            return Leases.ContainsKey((root, device));
        }
    }

    /// <summary>A reference-counted marker; removed when the last reference goes.</summary>
    internal sealed class Lease(string root, PciAddress device, string activity)
    {
        private int _references = 1;

        public PciAddress Device { get; } = device;

        public string Activity { get; private set; } = activity;

        public void AddReference(string activity)
        {
            lock (Leases)
            {
                _references++;
                Activity = activity;
            }
        }

        public void Release()
        {
            lock (Leases)
            {
                ReleaseLocked();
            }
        }

        public void ReleaseLocked()
        {
            if (--_references == 0)
            {
                Leases.Remove((root, Device));
            }
        }
    }
}
