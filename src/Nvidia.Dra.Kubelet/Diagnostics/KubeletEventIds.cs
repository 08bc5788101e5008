namespace Nvidia.Dra.Kubelet;

/// <summary>The event ids Nvidia.Dra.Kubelet logs with (range 5000–5999), for filters and alerts.</summary>
/// <remarks>5000–5199: plugin registration and its HTTP/2 server; 5200–5999: the DRA service, claims, slices, lifecycle.</remarks>
public static class KubeletEventIds
{
    // 5000–5199: plugin registration and its HTTP/2 server.

    /// <summary>The registration socket is listening.</summary>
    public const int RegistrationServerStarted = 5000;

    /// <summary>The registration socket was closed and its file removed.</summary>
    public const int RegistrationServerStopped = 5001;

    /// <summary>A stale file at the registration socket path was removed before binding.</summary>
    public const int StaleSocketRemoved = 5002;

    /// <summary>kubelet asked for the plugin's info (<c>GetInfo</c>).</summary>
    public const int GetInfoServed = 5010;

    /// <summary>kubelet reported a successful registration.</summary>
    public const int RegistrationAccepted = 5011;

    /// <summary>kubelet reported a failed registration; it retries from scratch.</summary>
    public const int RegistrationRejected = 5012;

    /// <summary>A call named a method the registration socket does not serve (answered UNIMPLEMENTED).</summary>
    public const int UnknownMethod = 5013;

    /// <summary>A call was answered with a gRPC error other than UNIMPLEMENTED.</summary>
    public const int CallFailed = 5014;

    /// <summary>A <see cref="RegistrationState.Changed"/> handler threw; the status was recorded all the same.</summary>
    public const int StatusHandlerFailed = 5015;

    /// <summary>An HTTP/2 connection was accepted.</summary>
    public const int ConnectionAccepted = 5020;

    /// <summary>An HTTP/2 connection ended.</summary>
    public const int ConnectionClosed = 5021;

    /// <summary>The connection limit was reached and the longest-idle connection was closed to make room.</summary>
    public const int ConnectionEvicted = 5022;

    /// <summary>A peer broke the HTTP/2 protocol; the connection was closed with GOAWAY.</summary>
    public const int ConnectionProtocolError = 5023;

    /// <summary>A stream was reset (by the peer, or by the server for a stream-level error).</summary>
    public const int StreamReset = 5024;

    /// <summary>A connection timed out (no preface in time, idle too long, or a peer that stopped reading).</summary>
    public const int ConnectionTimedOut = 5025;

    /// <summary>Accepting a connection failed unexpectedly.</summary>
    public const int AcceptFailed = 5026;

    /// <summary>A connection failed unexpectedly (a bug or an I/O error other than the peer leaving).</summary>
    public const int ConnectionFailed = 5027;

    // 5200–5999: the DRA service, claims, serialisation, lifecycle and health.

    /// <summary>The DRA socket, the registration socket and the health endpoint are serving.</summary>
    public const int HostStarted = 5200;

    /// <summary>The host stopped and removed its sockets.</summary>
    public const int HostStopped = 5201;

    /// <summary>A stale file at the DRA socket path was removed before binding.</summary>
    public const int StaleDraSocketRemoved = 5202;

    /// <summary>The host could not start (a socket could not be bound, the API server client could not be configured).</summary>
    public const int HostStartFailed = 5203;

    /// <summary>NodePrepareResources finished (per-claim outcomes in the message).</summary>
    public const int PrepareCompleted = 5210;

    /// <summary>NodeUnprepareResources finished.</summary>
    public const int UnprepareCompleted = 5211;

    /// <summary>One claim failed; the rest of the batch went on.</summary>
    public const int ClaimFailed = 5212;

    /// <summary>The driver threw instead of answering per claim; every claim of the batch failed.</summary>
    public const int DriverThrew = 5213;

    /// <summary>A call was cancelled (kubelet gave up, or the host is stopping) while it waited or ran.</summary>
    public const int CallCancelled = 5214;

    /// <summary>kubelet's registration status changed.</summary>
    public const int RegistrationStatusChanged = 5220;

    /// <summary>A health self-call on a socket failed.</summary>
    public const int HealthProbeFailed = 5230;
}
