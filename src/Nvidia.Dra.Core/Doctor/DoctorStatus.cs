using System.Text.Json.Serialization;

namespace Nvidia.Dra.Core.Doctor;

/// <summary>The verdict of one doctor finding, in increasing order of severity.</summary>
public enum DoctorStatus
{
    /// <summary>Nothing to do (the finding may still carry a note).</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>Passthrough can work, but something may get in its way; read the remedy.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>Passthrough cannot work on this node (or for this GPU) until the remedy is applied.</summary>
    [JsonStringEnumMemberName("blocking")]
    Blocking,
}
