using System.Buffers;
using System.Globalization;
using System.IO.Abstractions;
using System.Text;

namespace Nvidia.Dra.Vfio;

/// <summary>Reads and validates single sysfs/procfs values; missing optional files are null, malformed ones throw.</summary>
internal sealed class SysfsReader(IFileSystem fileSystem)
{
    private const int SmallFileLimit = 4096;

    public IFileSystem FileSystem { get; } = fileSystem;

    public string? ReadText(string path)
    {
        // Optional attributes (sriov_totalvfs on a function without SR-IOV, say) are absent on most devices, and a
        // function is read several times per claim: a stat first keeps the common absence off the exception path.
        // The catch stays for a file that disappears between the two calls.
        return FileSystem.File.Exists(path) ? ReadExpectedText(path) : null;
    }

    /// <summary>
    /// Reads an attribute every PCI function has (vendor, class, driver_override...) without the stat first: its
    /// absence is rare enough for the exception path, and the stat cost a system call and a path normalisation per
    /// file, several times per claim.
    /// </summary>
    public string? ReadExpectedText(string path)
    {
        try
        {
            return ReadSmall(path).TrimEnd('\n', ' ', '\t', '\0');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// A sysfs attribute is at most a page and usually a few bytes: one handle and reads into a pooled buffer
    /// instead of a stream and a reader (about 8 KB of buffers per file; a claim reads dozens).
    /// </summary>
    private string ReadSmall(string path)
    {
        using var handle = FileSystem.File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = ArrayPool<byte>.Shared.Rent(SmallFileLimit);
        try
        {
            // One read is the whole attribute: the kernel produces a sysfs or procfs value whole and hands it over in
            // the first read when the buffer holds it, and a regular file reads short only at its end. Reading on
            // until a read returns nothing cost a system call per file; a read that filled the buffer, or stopped
            // before a value's closing newline, is still continued.
            var length = 0;
            int read;
            while (length < buffer.Length && (read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
            {
                length += read;
                if (length < buffer.Length && buffer[length - 1] == (byte)'\n')
                {
                    break;
                }
            }

            // Larger than any attribute we read: take the general path rather than truncate.
            return length < buffer.Length
                ? Encoding.UTF8.GetString(buffer, 0, length)
                : FileSystem.File.ReadAllText(path);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public uint? ReadHex(string path, int maxDigits, PciAddress? device, bool expected = false)
    {
        var text = expected ? ReadExpectedText(path) : ReadText(path);
        if (text is null)
        {
            return null;
        }

        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
        return digits.Length is > 0 && digits.Length <= maxDigits &&
               uint.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SysfsFormatException(path, text, $"a hex number of at most {maxDigits} digits such as 0x10de", device);
    }

    public int? ReadDecimal(string path, PciAddress? device, bool expected = false)
    {
        var text = expected ? ReadExpectedText(path) : ReadText(path);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new SysfsFormatException(path, text, "a decimal integer", device);
    }

    /// <summary>The last segment of a symlink's target (a driver or group name), or null when the link is absent.</summary>
    public string? ReadLinkName(string path)
    {
        var info = FileSystem.FileInfo.New(path);
        var target = info.LinkTarget;
        if (target is null)
        {
            return null;
        }

        return Path.GetFileName(target.TrimEnd('/'));
    }

    public bool Exists(string path) => FileSystem.Path.Exists(path);
}
