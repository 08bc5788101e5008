using System.Buffers;
using System.IO.Enumeration;
using System.Text;

namespace Nvidia.Dra.Vfio;

/// <summary>
/// The whole-host scan: every <c>/proc/&lt;pid&gt;/fd/*</c> is stat-ed (following the magic link to the open file,
/// whatever mount namespace the holder lives in) and compared by identity with the targets. Parallel over PIDs;
/// per descriptor it builds the path in a reused UTF-8 buffer, so the hot loop does not allocate.
/// </summary>
internal static class ProcFdScanner
{
    private const int PathCapacity = 4096;
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Returns (pid, fd, target index) for every descriptor that opens one of the targets.</summary>
    public static List<(int Pid, int Fd, int Target)> Scan(string procRoot, FileIdentity[] targets, CancellationToken cancellationToken)
    {
        var pids = ListPids(procRoot);
        var matches = new List<(int, int, int)>();
        if (pids.Count == 0)
        {
            return matches;
        }

        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(
            Partitioner(pids),
            parallel,
            () => new Worker(procRoot, targets),
            (range, _, worker) =>
            {
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    worker.ScanPid(pids[i]);
                }

                return worker;
            },
            worker =>
            {
                if (worker.Matches is { Count: > 0 } found)
                {
                    lock (matches)
                    {
                        matches.AddRange(found);
                    }
                }

                worker.Dispose();
            });
        matches.Sort();
        return matches;
    }

    private static System.Collections.Concurrent.OrderablePartitioner<Tuple<int, int>> Partitioner(List<int> pids) =>
        System.Collections.Concurrent.Partitioner.Create(0, pids.Count, Math.Max(16, pids.Count / (Environment.ProcessorCount * 4) + 1));

    private static List<int> ListPids(string procRoot)
    {
        var enumerable = new FileSystemEnumerable<int>(procRoot, static (ref FileSystemEntry entry) => ParseNumber(entry.FileName), Options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => entry.IsDirectory && ParseNumber(entry.FileName) > 0,
        };
        var pids = new List<int>(512);
        try
        {
            pids.AddRange(enumerable);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // No proc tree: nothing holds anything that we can see; the caller checked the root exists.
        }

        return pids;
    }

    /// <summary>A non-negative decimal name, or -1.</summary>
    private static int ParseNumber(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > 9)
        {
            return -1;
        }

        var value = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9')
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }

    /// <summary>One per thread: a reusable path buffer and a match list.</summary>
    private sealed unsafe class Worker(string procRoot, FileIdentity[] targets) : IDisposable
    {
        private readonly byte[] _path = ArrayPool<byte>.Shared.Rent(PathCapacity);
        private readonly byte[] _root = Encoding.UTF8.GetBytes(procRoot.TrimEnd('/') + "/");

        public List<(int Pid, int Fd, int Target)>? Matches { get; private set; }

        public void ScanPid(int pid)
        {
            // "<root><pid>/fd/" once per process; each descriptor only appends its number.
            var length = _root.Length;
            _root.CopyTo(_path, 0);
            length += WriteNumber(_path.AsSpan(length), pid);
            "/fd/"u8.CopyTo(_path.AsSpan(length));
            length += 4;
            var prefix = length;

            var directory = Encoding.UTF8.GetString(_path, 0, prefix - 1);
            try
            {
                var enumerable = new FileSystemEnumerable<int>(directory, static (ref FileSystemEntry entry) => ParseNumber(entry.FileName), Options)
                {
                    ShouldIncludePredicate = static (ref FileSystemEntry entry) => ParseNumber(entry.FileName) >= 0,
                };
                foreach (var fd in enumerable)
                {
                    var end = prefix + WriteNumber(_path.AsSpan(prefix), fd);
                    _path[end] = 0;
                    if (Stat(out var identity))
                    {
                        var target = Array.IndexOf(targets, identity);
                        if (target >= 0)
                        {
                            (Matches ??= []).Add((pid, fd, target));
                        }
                    }
                }
            }
            catch (Exception e) when (e is DirectoryNotFoundException or UnauthorizedAccessException or IOException)
            {
                // The process exited or hid its descriptors while we looked: skip it.
            }
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_path);

        private bool Stat(out FileIdentity identity)
        {
            StatxBuffer buffer;
            fixed (byte* p = _path)
            {
                if (LibC.Statx(LibC.AtFdCwd, p, 0, LibC.StatxType | LibC.StatxIno, &buffer) == 0)
                {
                    identity = FileIdentity.From(buffer);
                    return true;
                }
            }

            identity = default;
            return false;
        }

        private static int WriteNumber(Span<byte> destination, int value)
        {
            value.TryFormat(destination, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            return written;
        }
    }
}
