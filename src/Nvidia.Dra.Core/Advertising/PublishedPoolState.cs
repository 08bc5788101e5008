namespace Nvidia.Dra.Core.Advertising;

/// <summary>What was last published for the pool, so the next build knows whether to bump the generation.</summary>
/// <param name="Generation">The pool generation last published.</param>
/// <param name="Fingerprint">The content fingerprint of what was last published (<see cref="PoolPublication.Fingerprint"/>).</param>
public sealed record PublishedPoolState(long Generation, string Fingerprint);
