using System.Runtime.InteropServices;

namespace Nvidia.Dra.Testing;

/// <summary>libc <c>link</c>: a second name for the same inode, as a container's <c>/dev</c> view of a host node.</summary>
internal static partial class HardLink
{
    public static void Create(string existing, string link)
    {
        if (Link(existing, link) != 0)
        {
            throw new IOException($"link({existing}, {link}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string link);
}
