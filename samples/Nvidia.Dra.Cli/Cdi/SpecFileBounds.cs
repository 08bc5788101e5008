using System.Globalization;
using System.Runtime.InteropServices;

namespace Nvidia.Dra.Cli.Cdi;

/// <summary>
/// What <c>nvdra cdi</c> agrees to read: a regular file of at most <see cref="MaxBytes"/>. A device such as
/// <c>/dev/zero</c> never ends, a FIFO may never open, and a spec of many MiB is not a CDI spec but a mistake; each
/// gets a one-line reason instead of being read.
/// </summary>
internal static partial class SpecFileBounds
{
    /// <summary>4 MiB: the largest real specs (hundreds of devices) are a few hundred KiB.</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28; // struct statx: mask, blksize (u32), attributes (u64), nlink, uid, gid (u32), mode (u16)

    /// <summary>Why the file is not read, or <see langword="null"/> when it may be.</summary>
    public static string? Problem(string path)
    {
        if (Directory.Exists(path))
        {
            return "is a directory, not a spec file; pass the .yaml or .json files in it";
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return "does not exist; check the path";
        }

        if (TypeOf(path) is { } type && type != "regular file")
        {
            return $"is a {type}, not a regular file; a CDI spec is a regular .yaml or .json file";
        }

        return info.Length > MaxBytes
            ? string.Create(CultureInfo.InvariantCulture, $"is {info.Length} bytes, more than the {MaxBytes / (1024 * 1024)} MiB limit: far larger than any CDI spec, so it is not read")
            : null;
    }

    /// <summary>The file type after following links (statx, Linux 4.11+), or <see langword="null"/> where it cannot be told.</summary>
    private static string? TypeOf(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // not glibc 2.28+: the size bound still applies
        }

        return (BitConverter.ToUInt16(buffer[StatxModeOffset..]) & 0xF000) switch
        {
            0x8000 => "regular file",
            0x4000 => "directory",
            0x2000 => "character device",
            0x6000 => "block device",
            0x1000 => "FIFO",
            0xC000 => "socket",
            _ => "special file",
        };
    }

    [LibraryImport("libc.so.6", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> buffer);
}
