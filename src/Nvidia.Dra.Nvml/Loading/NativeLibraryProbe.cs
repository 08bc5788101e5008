using System.Runtime.InteropServices;

namespace Nvidia.Dra.Nvml.Loading;

/// <summary>The real file system and <see cref="NativeLibrary"/>.</summary>
internal sealed partial class NativeLibraryProbe : INativeLibraryProbe
{
    private const int RtldLazy = 0x1;
    private const int RtldNoLoad = 0x4;

    /// <summary>The one instance.</summary>
    public static NativeLibraryProbe Instance { get; } = new();

    /// <inheritdoc />
    public string? ResolveRegularFile(string path, out string? reason)
    {
        try
        {
            var file = new FileInfo(path);
            var target = file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !target.Exists)
            {
                reason = "not found";
                return null;
            }

            if (target is not FileInfo || Directory.Exists(target.FullName))
            {
                reason = "not a regular file";
                return null;
            }

            reason = null;
            return target.FullName;
        }
        catch (IOException exception)
        {
            reason = exception.Message;
            return null;
        }
        catch (UnauthorizedAccessException exception)
        {
            reason = exception.Message;
            return null;
        }
    }

    /// <inheritdoc />
    public nint TryLoad(string path, out string? failure)
    {
        try
        {
            failure = null;
            return NativeLibrary.Load(path);
        }
        catch (Exception exception) when (exception is DllNotFoundException or BadImageFormatException)
        {
            failure = exception.Message;
            return 0;
        }
    }

    /// <inheritdoc />
    public nint TryLoadByName(string name, out string? failure)
    {
        if (NativeLibrary.TryLoad(name, out var handle))
        {
            failure = null;
            return handle;
        }

        failure = "not found by the dynamic loader (ld.so.cache, LD_LIBRARY_PATH)";
        return 0;
    }

    /// <inheritdoc />
    public nint TryReferenceLoaded(string nameOrPath)
    {
        // glibc 2.34 and later export dlopen from libc.so.6, which every glibc system has; before 2.34 only
        // libdl.so.2 does. Without either (not glibc) nothing can be probed, so nothing is given back.
        try
        {
            return LibcDlOpen(nameOrPath, RtldLazy | RtldNoLoad);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
        }

        try
        {
            return LibdlDlOpen(nameOrPath, RtldLazy | RtldNoLoad);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    /// <inheritdoc />
    public nint GetExport(nint handle, string name) => NativeLibrary.TryGetExport(handle, name, out var address) ? address : 0;

    /// <inheritdoc />
    public void Free(nint handle) => NativeLibrary.Free(handle);

    // NativeLibrary has no "only if loaded" load.
    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LibcDlOpen(string file, int mode);

    [LibraryImport("libdl.so.2", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LibdlDlOpen(string file, int mode);
}
