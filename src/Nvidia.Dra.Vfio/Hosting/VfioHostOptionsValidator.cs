using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Vfio;

/// <summary>Source-generated validation of the <see cref="VfioHostOptions"/> annotations.</summary>
[OptionsValidator]
internal sealed partial class VfioHostOptionsValidator : IValidateOptions<VfioHostOptions>
{
}
