using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Core;

/// <summary>Source-generated checks of the single-field rules declared on <see cref="NvidiaDraOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class NvidiaDraOptionsValidator : IValidateOptions<NvidiaDraOptions>
{
}
