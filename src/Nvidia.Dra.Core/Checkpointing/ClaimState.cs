namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>Where a claim is in its life on this node, as the checkpoint records it.</summary>
internal enum ClaimState
{
    /// <summary>Prepare has recorded the prior state and may have changed the node; not finished.</summary>
    PrepareStarted,

    /// <summary>Prepare finished; <see cref="ClaimRecord.Result"/> is what kubelet was told.</summary>
    PrepareCompleted,

    /// <summary>Unprepare has begun restoring the node; not finished.</summary>
    UnprepareStarted,
}
