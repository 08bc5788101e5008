namespace Nvidia.Dra.Cdi;

/// <summary>
/// A device node to create in the container (keys <c>path</c>, <c>hostPath</c>, <c>type</c>, <c>major</c>,
/// <c>minor</c>, <c>fileMode</c>, <c>permissions</c>, <c>uid</c>, <c>gid</c>).
/// </summary>
/// <param name="Path">The path of the node inside the container.</param>
public sealed record DeviceNode(string Path)
{
    /// <summary>Gets the host path when it differs from <see cref="Path"/> (CDI 0.5.0); empty when unset.</summary>
    public string HostPath { get; init; } = string.Empty;

    /// <summary>Gets the node type: empty, <c>b</c>, <c>c</c>, <c>u</c> or <c>p</c>.</summary>
    public string Type { get; init; } = string.Empty;

    /// <summary>Gets the major number; 0 means unset (the runtime reads it from the host node).</summary>
    public long Major { get; init; }

    /// <summary>Gets the minor number; 0 means unset.</summary>
    public long Minor { get; init; }

    /// <summary>Gets the file mode, written as a decimal number (0666 is 438), or <see langword="null"/>.</summary>
    public uint? FileMode { get; init; }

    /// <summary>Gets the cgroup permissions: empty (meaning <c>rwm</c>), <c>none</c>, or letters from <c>rwm</c>.</summary>
    public string Permissions { get; init; } = string.Empty;

    /// <summary>Gets the owner user id, or <see langword="null"/>.</summary>
    public uint? Uid { get; init; }

    /// <summary>Gets the owner group id, or <see langword="null"/>.</summary>
    public uint? Gid { get; init; }
}
