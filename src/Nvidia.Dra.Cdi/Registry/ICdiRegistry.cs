namespace Nvidia.Dra.Cdi;

/// <summary>The CDI specs found in the configured spec directories.</summary>
public interface ICdiRegistry
{
    /// <summary>Gets the spec directories, lowest priority first.</summary>
    IReadOnlyList<string> SpecDirectories { get; }

    /// <summary>Gets the result of the latest scan (empty before the first).</summary>
    CdiRegistrySnapshot Current { get; }

    /// <summary>
    /// Scans the directories again. A bad file or a conflicting device is reported in
    /// <see cref="CdiRegistrySnapshot.Errors"/> without failing the rest.
    /// </summary>
    /// <param name="cancellationToken">Cancels the scan; <see cref="Current"/> is then unchanged.</param>
    /// <returns>The new snapshot, also available as <see cref="Current"/>.</returns>
    Task<CdiRegistrySnapshot> RefreshAsync(CancellationToken cancellationToken = default);
}
