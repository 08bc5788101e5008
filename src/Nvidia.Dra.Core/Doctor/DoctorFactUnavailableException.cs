namespace Nvidia.Dra.Core.Doctor;

/// <summary>
/// A fact the doctor's checks share (the process table, say) cannot be read at all: every check that needs it
/// reports "could not check" with this cause and remedy, instead of finding nothing and calling that ok.
/// </summary>
internal sealed class DoctorFactUnavailableException : NvidiaDraException
{
    public DoctorFactUnavailableException(string message, string remedy)
        : base(message)
    {
        Remedy = remedy;
    }

    /// <summary>Gets what to do so that the fact can be read.</summary>
    public string Remedy { get; }
}
