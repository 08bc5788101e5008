namespace Nvidia.Dra.Kubelet;

/// <summary>Where publication stands, for health endpoints and logs: never an exception in a prepare path.</summary>
/// <param name="Started">Whether the controller has the Node's UID and a first list of its slices.</param>
/// <param name="Converged">Whether every desired pool is stored as desired and no pool is waiting for a retry.</param>
/// <param name="PendingPools">Pools waiting for a sync or a retry.</param>
/// <param name="LastError">The last failure, or <see langword="null"/> when the last sync of every pool succeeded.</param>
/// <param name="DroppedFields">Slices the API server stored without some fields it was sent (disabled gates).</param>
/// <param name="Syncs">Successful pool syncs so far.</param>
/// <param name="Failures">Failed pool syncs so far.</param>
public sealed record SlicePublicationStatus(
    bool Started,
    bool Converged,
    IReadOnlyList<string> PendingPools,
    string? LastError,
    IReadOnlyList<DroppedFieldsReport> DroppedFields,
    long Syncs,
    long Failures);

/// <summary>The API server kept a slice without fields it was sent: the feature gate behind them is off.</summary>
/// <param name="PoolName">The pool.</param>
/// <param name="SliceName">The stored slice.</param>
/// <param name="Fields">The dropped fields as JSON paths under <c>spec</c>, e.g. <c>sharedCounters</c>, <c>devices[0].consumesCounters</c>.</param>
public sealed record DroppedFieldsReport(string PoolName, string SliceName, IReadOnlyList<string> Fields);
