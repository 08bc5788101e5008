using Nvidia.Dra.Cli.CommandLine;
using Nvidia.Dra.Cli.Nvml;

if (GpusCommand.TryRunPlain(args, out var exitCode))
{
    return exitCode;
}

return await NvdraApp.RunAsync(args, Console.Out, Console.Error);
