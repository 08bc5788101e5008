using System.CommandLine;

namespace Nvidia.Dra.Cli.Vfio;

/// <summary>The Vfio commands: <c>nvdra discover</c> and <c>nvdra holders</c> (Linux only: they read sysfs and procfs).</summary>
internal static class VfioCommands
{
    public static IEnumerable<Command> All()
    {
        if (!OperatingSystem.IsLinux())
        {
            yield break;
        }

        yield return DiscoverCommand.Create();
        yield return HoldersCommand.Create();
    }
}
