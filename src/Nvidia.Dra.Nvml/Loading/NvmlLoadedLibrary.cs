namespace Nvidia.Dra.Nvml.Loading;

/// <summary>One load of the library, valid until freed.</summary>
/// <param name="Description">Where it was loaded from, in words for logs (a path, or the dynamic loader's search).</param>
/// <param name="Handle">The loader's handle.</param>
/// <param name="LoadName">What was passed to the loader: the resolved path, or the file name it searched for.</param>
internal sealed record NvmlLoadedLibrary(string Description, nint Handle, string LoadName);
