namespace Nvidia.Dra.Nvml;

/// <summary>
/// <c>libnvidia-ml.so.1</c> could not be found or loaded. <see cref="SearchedPaths"/> lists every place that was
/// tried, so the driver root or library path can be corrected.
/// </summary>
public sealed class NvmlLibraryNotFoundException : NvmlException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message, with the searched paths and the remedy.</param>
    /// <param name="searchedPaths">Every candidate that was tried, in order.</param>
    public NvmlLibraryNotFoundException(string message, IReadOnlyList<string> searchedPaths)
        : base(
            message,
            NvmlReturn.LibraryNotFound,
            "dlopen(libnvidia-ml.so.1)",
            NvmlReturnInfo.FallbackMessage(NvmlReturn.LibraryNotFound),
            gpu: null)
    {
        SearchedPaths = searchedPaths;
    }

    /// <summary>Every candidate path (or loader search) that was tried, in order.</summary>
    public IReadOnlyList<string> SearchedPaths { get; }
}
