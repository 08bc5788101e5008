using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// The whole-host scan: every <c>/proc/&lt;pid&gt;/fd/*</c> is stat-ed (following the magic link to the open file,
/// whatever mount namespace the holder lives in) and compared by identity with the targets. Parallel over PIDs;
/// each process's <c>fd</c> directory is opened once and its entries are stat-ed relative to that directory with
/// the names libc already holds, so the hot loop neither walks the full path again nor allocates.
/// </summary>
internal static unsafe class ProcFdScanner
{
    private const int PathCapacity = 4096;

    private const int PermissionDenied = 13;

    private const int NotFound = 2;

    /// <summary>
    /// Returns (pid, fd, target index) for every descriptor that opens one of the targets, and how many processes
    /// could not be inspected for lack of privilege (their holders would be invisible: the scan is incomplete).
    /// Anonymous-inode descriptors all share one inode, so they are told apart by their link text
    /// (<paramref name="anonymousLinks"/>, e.g. <c>anon_inode:[vfio-device]</c>); their target index follows the
    /// <paramref name="targets"/>.
    /// </summary>
    public static (List<(int Pid, int Fd, int Target)> Matches, int Denied) Scan(string procRoot, FileIdentity[] targets, string[] anonymousLinks, CancellationToken cancellationToken)
    {
        var anonymous = new AnonymousTargets(
            anonymousLinks.Length > 0 ? FileIdentity.AnonymousInode() : null,
            [.. anonymousLinks.Select(Encoding.UTF8.GetBytes)],
            targets.Length);
        var root = Encoding.UTF8.GetBytes(procRoot.TrimEnd('/') + "/");
        if (root.Length > PathCapacity - 32)
        {
            throw new ArgumentException($"The proc root '{procRoot}' is too long.", nameof(procRoot));
        }

        var pids = ListPids(root, procRoot);
        var matches = new List<(int, int, int)>();
        var denied = 0;
        if (pids.Count == 0)
        {
            return (matches, denied);
        }

        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        var chunk = Math.Max(16, (pids.Count / (Environment.ProcessorCount * 4)) + 1);
        Parallel.ForEach(
            Partitioner.Create(0, pids.Count, chunk),
            parallel,
            () => new List<(int, int, int)>(),
            (range, _, found) =>
            {
                var path = stackalloc byte[PathCapacity];
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    if (!ScanPid(root, pids[i], targets, anonymous, path, found))
                    {
                        Interlocked.Increment(ref denied);
                    }
                }

                return found;
            },
            found =>
            {
                if (found.Count > 0)
                {
                    lock (matches)
                    {
                        matches.AddRange(found);
                    }
                }
            });
        matches.Sort();
        return (matches, denied);
    }

    /// <summary>Lists the PIDs; a proc root that cannot be opened is "could not check", never an empty (free) host.</summary>
    private static List<int> ListPids(byte[] root, string procRoot)
    {
        var pids = new List<int>(1024);
        var path = stackalloc byte[PathCapacity];
        root.CopyTo(new Span<byte>(path, PathCapacity));
        path[root.Length] = 0;
        var directory = LibC.OpenDirectory(path);
        if (directory == 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new HolderScanUnavailableException(procRoot, $"cannot be listed ({Marshal.GetPInvokeErrorMessage(error)})");
        }

        try
        {
            byte* entry;
            while ((entry = LibC.ReadDirectory(directory)) != null)
            {
                var pid = ParseNumber(entry + LibC.DirentNameOffset);
                if (pid > 0)
                {
                    pids.Add(pid);
                }
            }
        }
        finally
        {
            LibC.CloseDirectory(directory);
        }

        return pids;
    }

    /// <summary>Scans one process; false when its descriptors could not be read for lack of privilege.</summary>
    private static bool ScanPid(byte[] root, int pid, FileIdentity[] targets, AnonymousTargets anonymous, byte* path, List<(int, int, int)> found)
    {
        // "<root><pid>/fd\0"
        var span = new Span<byte>(path, PathCapacity);
        root.CopyTo(span);
        var length = root.Length;
        pid.TryFormat(span[length..], out var written, default, CultureInfo.InvariantCulture);
        length += written;
        "/fd\0"u8.CopyTo(span[length..]);

        var directory = LibC.OpenDirectory(path);
        if (directory == 0)
        {
            // Gone (exited while we looked) is fine; denied means its holders are invisible to us.
            return Marshal.GetLastPInvokeError() != PermissionDenied;
        }

        try
        {
            var descriptor = LibC.DirectoryDescriptor(directory);
            var complete = true;
            StatxBuffer buffer;
            byte* entry;
            while ((entry = LibC.ReadDirectory(directory)) != null)
            {
                var name = entry + LibC.DirentNameOffset;
                var fd = ParseNumber(name);
                if (fd < 0)
                {
                    continue; // "." and ".."
                }

                if (LibC.Statx(descriptor, name, 0, LibC.StatxType | LibC.StatxIno, &buffer) != 0)
                {
                    // Closed while we looked is fine; denied (listing allowed, following not) hides a possible holder.
                    var error = Marshal.GetLastPInvokeError();
                    complete &= error != PermissionDenied;

                    // A link that names an anonymous target but cannot be followed (a /proc copy, a test tree) still
                    // says what the descriptor was.
                    if (error == NotFound && anonymous.Links.Length > 0 && anonymous.Match(descriptor, name) is var named and >= 0)
                    {
                        found.Add((pid, fd, named));
                    }

                    continue;
                }

                var identity = FileIdentity.From(buffer);
                var index = Array.IndexOf(targets, identity);
                if (index >= 0)
                {
                    found.Add((pid, fd, index));
                }
                else if (identity == anonymous.Inode && anonymous.Match(descriptor, name) is var link and >= 0)
                {
                    found.Add((pid, fd, link));
                }
            }

            return complete;
        }
        finally
        {
            LibC.CloseDirectory(directory);
        }
    }

    /// <summary>Link texts to match among anonymous-inode descriptors; indices start at <c>Offset</c>.</summary>
    private sealed record AnonymousTargets(FileIdentity? Inode, byte[][] Links, int Offset)
    {
        public int Match(int directory, byte* name)
        {
            var link = stackalloc byte[64];
            var length = (int)LibC.ReadLinkAt(directory, name, link, 64);
            for (var i = 0; length > 0 && i < Links.Length; i++)
            {
                if (new ReadOnlySpan<byte>(link, length).SequenceEqual(Links[i]))
                {
                    return Offset + i;
                }
            }

            return -1;
        }
    }

    /// <summary>A NUL-terminated non-negative decimal name, or -1.</summary>
    private static int ParseNumber(byte* name)
    {
        var value = 0;
        var digits = 0;
        for (; name[digits] != 0; digits++)
        {
            var c = name[digits];
            if (c is < (byte)'0' or > (byte)'9' || digits >= 9)
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return digits == 0 ? -1 : value;
    }
}
