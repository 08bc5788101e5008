using Microsoft.Extensions.Logging;
using Nvidia.Dra.Nvml.Api;
using Nvidia.Dra.Nvml.Interop;

namespace Nvidia.Dra.Nvml.Lifetime;

/// <summary>
/// Reference-counted, thread-safe <c>nvmlInit</c>/<c>nvmlShutdown</c> for one NVML instance: the first
/// <see cref="Acquire"/> initialises (with <c>NVML_INIT_FLAG_NO_GPUS</c>, so a host whose GPUs all sit on vfio-pci
/// still starts), the last <see cref="Release"/> shuts down. A failed init leaves the count at zero, so the next
/// acquire tries again.
/// </summary>
internal sealed class NvmlLifetime
{
    /// <summary>The flags every init uses.</summary>
    public const NvmlInitFlags InitFlags = NvmlInitFlags.NoGpus;

    private readonly INvmlApi _api;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private int _references;

    /// <summary>Creates the lifetime of <paramref name="api"/>.</summary>
    public NvmlLifetime(INvmlApi api, ILogger logger)
    {
        _api = api;
        _logger = logger;
    }

    /// <summary>How many holders there are now.</summary>
    public int References
    {
        get
        {
            lock (_gate)
            {
                return _references;
            }
        }
    }

    /// <summary>Adds a holder, initialising NVML if it is the first.</summary>
    /// <exception cref="NvmlException">Initialisation failed.</exception>
    public void Acquire()
    {
        lock (_gate)
        {
            if (_references == 0)
            {
                var result = _api.Init(InitFlags);
                if (result != NvmlReturn.Success)
                {
                    throw NvmlErrors.Create(result, "nvmlInitWithFlags", _api.ErrorString(result), gpu: null);
                }

                _logger.Initialized(InitFlags.ToString());
            }

            _references++;
        }
    }

    /// <summary>Removes a holder, shutting NVML down if it was the last. Extra releases are ignored, as
    /// <c>nvmlShutdown</c> ignores extra shutdowns.</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (_references == 0)
            {
                return;
            }

            if (--_references > 0)
            {
                return;
            }

            var result = _api.Shutdown();
            if (result == NvmlReturn.Success)
            {
                _logger.ShutDown();
            }
            else
            {
                // Shutdown runs from Dispose, which must not throw; the failure is logged with its full message.
                _logger.ShutdownFailed(NvmlErrors.Create(result, "nvmlShutdown", _api.ErrorString(result), gpu: null));
            }
        }
    }
}
