using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Nvml;

/// <summary>Source-generated validation of the data-annotation rules on <see cref="NvmlOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class NvmlOptionsValidator : IValidateOptions<NvmlOptions>
{
}
