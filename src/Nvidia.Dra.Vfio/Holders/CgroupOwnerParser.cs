namespace Nvidia.Dra.Vfio;

/// <summary>Derives a unit or container from <c>/proc/&lt;pid&gt;/cgroup</c> (v2 <c>0::path</c> or v1 lines).</summary>
internal static class CgroupOwnerParser
{
    private static readonly string[] ScopePrefixes = ["cri-containerd-", "crio-", "docker-", "libpod-"];

    public static HolderOwner Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return HolderOwner.Unknown;
        }

        var path = SelectPath(text);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pod = segments.Select(PodUid).LastOrDefault(uid => uid is not null);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            var segment = segments[i];
            foreach (var prefix in ScopePrefixes)
            {
                if (segment.StartsWith(prefix, StringComparison.Ordinal) && segment.EndsWith(".scope", StringComparison.Ordinal))
                {
                    return new HolderOwner(HolderOwnerKind.Container, segment[prefix.Length..^".scope".Length], pod, path);
                }
            }

            // cgroupfs driver: …/kubepods/…/pod<uid>/<container id>
            if (pod is not null && i == segments.Length - 1 && segment.Length >= 32 && segment.All(char.IsAsciiHexDigitLower))
            {
                return new HolderOwner(HolderOwnerKind.Container, segment, pod, path);
            }

            if (segment.EndsWith(".service", StringComparison.Ordinal))
            {
                return new HolderOwner(HolderOwnerKind.SystemdUnit, segment, null, path);
            }
        }

        return new HolderOwner(HolderOwnerKind.Unknown, null, pod, path);
    }

    private static string SelectPath(string text)
    {
        string? fallback = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            // The unified (v2) line, or v1's systemd hierarchy, names the unit or container scope.
            if (parts[0] == "0" && parts[1].Length == 0)
            {
                return parts[2];
            }

            if (parts[1] == "name=systemd" || fallback is null)
            {
                fallback = parts[2];
            }
        }

        return fallback ?? string.Empty;
    }

    private static string? PodUid(string segment)
    {
        // systemd driver: kubepods-besteffort-pod<uid with _>.slice; cgroupfs: pod<uid>
        var index = segment.LastIndexOf("pod", StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        var uid = segment[(index + 3)..];
        if (uid.EndsWith(".slice", StringComparison.Ordinal))
        {
            uid = uid[..^".slice".Length];
        }

        uid = uid.Replace('_', '-');
        return uid.Length == 36 && uid.All(c => char.IsAsciiHexDigit(c) || c == '-') ? uid : null;
    }
}
