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

    /// <summary>
    /// The check could not run (a root that does not exist, a file that cannot be read): its answer is unknown, so
    /// the node is not known to be ready. Worse than a warning, because nothing was checked; not blocking, because
    /// nothing was found.
    /// </summary>
    [JsonStringEnumMemberName("could-not-check")]
    CouldNotCheck,

    /// <summary>Passthrough cannot work on this node (or for this GPU) until the remedy is applied.</summary>
    [JsonStringEnumMemberName("blocking")]
    Blocking,
}
