using System.Diagnostics.CodeAnalysis;
using Nvidia.Dra.Nvml;
using Nvidia.Dra.Testing.Nvml;
using Nvidia.Dra.Vfio;

namespace Nvidia.Dra.Testing;

/// <summary>
/// NVML for a simulated host: the real <see cref="NvmlClient"/> over a <see cref="FakeNvml"/> whose GPUs follow
/// the simulated kernel — a GPU is visible only while bound to <c>nvidia</c>, and comes back with persistence off
/// after a rebind, as the driver does. Persistence modes are also kept in the tree, so a process that reopens the
/// tree after another was killed sees what that process left.
/// </summary>
public sealed class SimulatedNvml : INvml, IDisposable
{
    private readonly SimulatedHost _host;
    private readonly NvmlClient _client;
    private readonly Lock _gate = new();

    internal SimulatedNvml(SimulatedHost host, FakeNvml fake)
    {
        _host = host;
        Fake = fake;
        _client = fake.CreateClient();
        lock (_gate)
        {
            Sync();
            foreach (var gpu in fake.Gpus)
            {
                if (ReadPersisted(gpu.PciBusId) is { } persisted && _host.DriverOf(PciAddress.Parse(gpu.PciBusId)) == "nvidia")
                {
                    _client.SetPersistenceMode(gpu.PciBusId, persisted);
                }
            }
        }
    }

    /// <summary>Gets the fake behind it (persistence log, failure injection).</summary>
    public FakeNvml Fake { get; }

    /// <inheritdoc/>
    public NvmlSystemInfo GetSystemInfo() => Synced(() => _client.GetSystemInfo());

    /// <inheritdoc/>
    public IReadOnlyList<NvmlGpu> GetGpus() => Synced(() => _client.GetGpus());

    /// <inheritdoc/>
    public NvmlGpu GetGpuByIndex(int index) => Synced(() => _client.GetGpuByIndex(index));

    /// <inheritdoc/>
    public bool TryGetGpuByUuid(string uuid, [NotNullWhen(true)] out NvmlGpu? gpu)
    {
        lock (_gate)
        {
            Sync();
            return _client.TryGetGpuByUuid(uuid, out gpu);
        }
    }

    /// <inheritdoc/>
    public bool TryGetGpuByPciBusId(string pciBusId, [NotNullWhen(true)] out NvmlGpu? gpu)
    {
        lock (_gate)
        {
            Sync();
            return _client.TryGetGpuByPciBusId(pciBusId, out gpu);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<int> GetComputeProcessIds(string pciBusId) => Synced(() => _client.GetComputeProcessIds(pciBusId));

    /// <inheritdoc/>
    public bool GetPersistenceMode(string pciBusId) => Synced(() => _client.GetPersistenceMode(pciBusId));

    /// <inheritdoc/>
    public void SetPersistenceMode(string pciBusId, bool enabled) => Synced(() =>
    {
        _client.SetPersistenceMode(pciBusId, enabled);
        var path = PersistencePath(pciBusId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, enabled ? "1\n" : "0\n");
        return true;
    });

    /// <summary>Whether persistence mode of a GPU is on, as the fake holds it (also while detached).</summary>
    /// <param name="pciBusId">The GPU.</param>
    /// <returns>The mode.</returns>
    public bool IsPersistenceOn(string pciBusId) =>
        Fake.Gpus.First(g => g.PciBusId == NvmlPciBusId.Normalize(pciBusId)).PersistenceModeEnabled;

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private T Synced<T>(Func<T> call)
    {
        lock (_gate)
        {
            Sync();
            return call();
        }
    }

    private void Sync()
    {
        foreach (var gpu in Fake.Gpus)
        {
            if (_host.DriverOf(PciAddress.Parse(gpu.PciBusId)) == "nvidia")
            {
                Fake.Attach(gpu.PciBusId);
            }
            else
            {
                Fake.Detach(gpu.PciBusId);
            }
        }
    }

    private string PersistencePath(string pciBusId) => Path.Join(_host.Root, "nvml-persistence", NvmlPciBusId.Normalize(pciBusId));

    private bool? ReadPersisted(string pciBusId) =>
        File.Exists(PersistencePath(pciBusId)) ? File.ReadAllText(PersistencePath(pciBusId)).Trim() == "1" : null;
}
