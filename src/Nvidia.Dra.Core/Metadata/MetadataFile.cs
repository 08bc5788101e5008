namespace Nvidia.Dra.Core.Metadata;

/// <summary>
/// One metadata file to write for a (claim, request), with everything part 2 needs for its CDI mount spec. The
/// content is final; the writer only has to put it at <see cref="HostPath"/> atomically.
/// </summary>
/// <param name="Request">The base request name (subrequest stripped), as used in paths.</param>
/// <param name="HostPath">Where the file goes on the host.</param>
/// <param name="ContainerPath">Where KubeVirt's virt-launcher looks for it inside the container.</param>
/// <param name="Content">The file content: a JSON stream with one <c>v1alpha1</c> object, newline-terminated.</param>
/// <param name="CdiSpecFileName">The file name of the CDI spec that mounts it, <c>&lt;driver&gt;_metadata_&lt;uid&gt;_&lt;request&gt;.json</c>.</param>
/// <param name="CdiKind">The CDI kind, <c>&lt;driver&gt;/metadata</c>.</param>
/// <param name="CdiDeviceName">The CDI device name, <c>&lt;uid&gt;_&lt;request&gt;</c>.</param>
public sealed record MetadataFile(
    string Request,
    string HostPath,
    string ContainerPath,
    ReadOnlyMemory<byte> Content,
    string CdiSpecFileName,
    string CdiKind,
    string CdiDeviceName)
{
    /// <summary>Gets the qualified CDI device ID to append to the request's first device in the prepare response.</summary>
    public string CdiDeviceId => $"{CdiKind}={CdiDeviceName}";
}
