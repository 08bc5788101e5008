using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Cdi;

/// <summary>Checks the annotated rules of <see cref="CdiOptions"/> (source-generated, AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class CdiOptionsValidator : IValidateOptions<CdiOptions>
{
}

/// <summary>Checks the rules that span fields: every directory is an absolute path.</summary>
internal sealed class CdiOptionsPathValidator : IValidateOptions<CdiOptions>
{
    public ValidateOptionsResult Validate(string? name, CdiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        var directories = options.SpecDirectories ?? [];
        if (directories.Count == 0)
        {
            builder.AddError("CdiOptions.SpecDirectories is empty; list at least one directory, e.g. /etc/cdi and /var/run/cdi", "SpecDirectories");
        }

        for (var i = 0; i < directories.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(directories[i]) || !Path.IsPathRooted(directories[i]))
            {
                builder.AddError($"CdiOptions.SpecDirectories[{i}] is \"{directories[i]}\"; set an absolute directory such as /etc/cdi", "SpecDirectories");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.WriteDirectory) && !Path.IsPathRooted(options.WriteDirectory))
        {
            builder.AddError($"CdiOptions.WriteDirectory is \"{options.WriteDirectory}\"; set an absolute directory such as /var/run/cdi", "WriteDirectory");
        }

        return builder.Build();
    }
}
