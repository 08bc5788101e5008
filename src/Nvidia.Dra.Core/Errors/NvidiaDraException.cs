namespace Nvidia.Dra.Core;

/// <summary>
/// The root of every error Nvidia.Dra.Core raises on purpose. Callers catch this type to tell the library's
/// own rejections (bad configuration, bad claims, unmet prerequisites) apart from bugs and runtime failures.
/// </summary>
/// <remarks>
/// The leaf packages (Cdi, Vfio, Nvml) must not reference Core, so they keep their own roots; Core translates
/// their exceptions where it composes them.
/// </remarks>
public abstract class NvidiaDraException : Exception
{
    /// <summary>Initialises the exception with a message meant for a person on call.</summary>
    /// <param name="message">What went wrong, naming the field, the value and the remedy.</param>
    protected NvidiaDraException(string message)
        : base(message)
    {
    }

    /// <summary>Initialises the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong, naming the field, the value and the remedy.</param>
    /// <param name="innerException">The underlying cause.</param>
    protected NvidiaDraException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Gets a value indicating whether retrying the same operation unchanged may succeed. Rejections of input are
    /// permanent; the default is <see langword="false"/>.
    /// </summary>
    public virtual bool IsTransient => false;
}
