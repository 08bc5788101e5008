using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Nvml;

/// <summary>Runs both validators, for callers that build a client without dependency injection.</summary>
internal static class NvmlOptionsValidation
{
    /// <summary>Throws if <paramref name="options"/> break any rule.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every failure.</exception>
    public static void ThrowIfInvalid(NvmlOptions options)
    {
        var failures = new List<string>();
        foreach (var result in new IValidateOptions<NvmlOptions>[] { new NvmlOptionsValidator(), new NvmlOptionsPathValidator() }
            .Select(validator => validator.Validate(Options.DefaultName, options)))
        {
            if (result.Failed)
            {
                failures.AddRange(result.Failures);
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(NvmlOptions), failures);
        }
    }
}
