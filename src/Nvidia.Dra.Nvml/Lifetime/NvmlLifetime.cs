using Microsoft.Extensions.Logging;
using Nvidia.Dra.Nvml.Interop;

namespace Nvidia.Dra.Nvml.Lifetime;

/// <summary>
/// NVML sessions for one NVML instance, thread-safe. The first <see cref="Acquire"/> loads the library and
/// initialises NVML (with <c>NVML_INIT_FLAG_NO_GPUS</c>, so a host whose GPUs all sit on vfio-pci still starts); when
/// no lease has been out for the idle period, NVML is shut down and the library unloaded, because only unloading
/// gives back what initialisation mapped (libcuda and about 13 MiB); the next acquire starts a new session. Leases
/// and the unload share one lock and the unload happens only at zero leases, so no call ever runs on an unloaded
/// library. A failed load or init leaves nothing loaded and the next acquire tries again. Clients sharing the
/// instance register as owners; when the last owner leaves, the session ends as soon as no lease is out.
/// </summary>
internal sealed class NvmlLifetime
{
    /// <summary>The flags every init uses.</summary>
    public const NvmlInitFlags InitFlags = NvmlInitFlags.NoGpus;

    private readonly INvmlLoader _loader;
    private readonly TimeSpan _idleUnloadDelay;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private INvmlLoad? _session;
    private int _leases;
    private int _owners;
    private long _lastRelease;
    private ITimer? _idleTimer;

    /// <summary>Creates the lifetime of the NVML that <paramref name="loader"/> loads.</summary>
    /// <param name="loader">Loads and binds the library for each session.</param>
    /// <param name="idleUnloadDelay">How long after the last lease the session ends: <see cref="TimeSpan.Zero"/>
    /// at once, <see cref="Timeout.InfiniteTimeSpan"/> only when the last owner leaves.</param>
    /// <param name="time">The clock of the idle period.</param>
    /// <param name="logger">Logs init, shutdown and unload.</param>
    public NvmlLifetime(INvmlLoader loader, TimeSpan idleUnloadDelay, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (idleUnloadDelay < TimeSpan.Zero && idleUnloadDelay != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(idleUnloadDelay), idleUnloadDelay, "must be zero or more, or infinite");
        }

        _loader = loader;
        _idleUnloadDelay = idleUnloadDelay;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether a session is open now (the library loaded and NVML initialised).</summary>
    public bool IsLoaded
    {
        get
        {
            lock (_gate)
            {
                return _session is not null;
            }
        }
    }

    /// <summary>How many leases are out now.</summary>
    public int Leases
    {
        get
        {
            lock (_gate)
            {
                return _leases;
            }
        }
    }

    /// <summary>Registers a client that shares this instance.</summary>
    public void AddOwner()
    {
        lock (_gate)
        {
            _owners++;
        }
    }

    /// <summary>Unregisters a client; after the last, the session ends as soon as no lease is out.</summary>
    public void RemoveOwner()
    {
        lock (_gate)
        {
            if (_owners == 0 || --_owners > 0)
            {
                return;
            }

            _idleTimer?.Dispose();
            _idleTimer = null;
            if (_leases == 0)
            {
                Close(reason: "its last client was disposed");
            }
        }
    }

    /// <summary>Takes a lease on the session, opening one (load, then init) if none is open.</summary>
    /// <exception cref="NvmlLibraryNotFoundException">The library could not be loaded.</exception>
    /// <exception cref="NvmlException">Initialisation failed; nothing stays loaded.</exception>
    public NvmlLease Acquire()
    {
        lock (_gate)
        {
            var session = _session ??= Open();
            _leases++;
            return new NvmlLease(this, session.Api);
        }
    }

    /// <summary>Gives a lease back (called by <see cref="NvmlLease.Dispose"/>): the last one out starts the idle
    /// period, or ends the session at once when there is none or no owner is left.</summary>
    internal void Release()
    {
        lock (_gate)
        {
            if (_leases == 0 || --_leases > 0 || _session is null)
            {
                return;
            }

            if (_owners == 0 || _idleUnloadDelay == TimeSpan.Zero)
            {
                Close(reason: _owners == 0 ? "its last client was disposed" : "no idle period is set");
                return;
            }

            if (_idleUnloadDelay == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            _lastRelease = _time.GetTimestamp();
            if (_idleTimer is null)
            {
                _idleTimer = _time.CreateTimer(static state => ((NvmlLifetime)state!).OnIdle(), this, _idleUnloadDelay, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _idleTimer.Change(_idleUnloadDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnIdle()
    {
        lock (_gate)
        {
            // A lease that came and went since the timer was armed moved the deadline (and re-armed the timer); one
            // still out will re-arm it when it is given back.
            if (_session is null || _leases > 0)
            {
                return;
            }

            var idle = _time.GetElapsedTime(_lastRelease);
            if (idle < _idleUnloadDelay)
            {
                _idleTimer?.Change(_idleUnloadDelay - idle, Timeout.InfiniteTimeSpan);
                return;
            }

            Close(reason: $"no NVML call for {_idleUnloadDelay.TotalSeconds:0.###} s");
        }
    }

    private INvmlLoad Open()
    {
        var load = _loader.Load();
        NvmlReturn result;
        try
        {
            result = load.Api.Init(InitFlags);
        }
        catch
        {
            load.Unload();
            throw;
        }

        if (result != NvmlReturn.Success)
        {
            var error = NvmlErrors.Create(result, "nvmlInitWithFlags", load.Api.ErrorString(result), gpu: null);
            load.Unload();
            _logger.LibraryUnloaded(load.LibraryPath, "initialisation failed");
            throw error;
        }

        _logger.Initialized(InitFlags.ToString());
        return load;
    }

    // Called under the lock with no lease out.
    private void Close(string reason)
    {
        if (_session is not { } session)
        {
            return;
        }

        _session = null;
        var result = session.Api.Shutdown();
        if (result != NvmlReturn.Success)
        {
            // Runs from Dispose and from a timer, neither of which may throw. NVML may still hold threads or state in
            // the library after a failed shutdown, so it is left loaded (a leak, not a crash); the next session loads
            // the same file again, which only adds a reference to it.
            _logger.ShutdownFailed(NvmlErrors.Create(result, "nvmlShutdown", session.Api.ErrorString(result), gpu: null));
            _logger.LibraryLeftLoaded(session.LibraryPath);
            return;
        }

        _logger.ShutDown();
        session.Unload();
        _logger.LibraryUnloaded(session.LibraryPath, reason);
    }
}
