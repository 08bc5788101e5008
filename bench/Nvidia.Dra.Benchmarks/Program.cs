using System.Globalization;
using BenchmarkDotNet.Running;
using Nvidia.Dra.Benchmarks.Core;
using Nvidia.Dra.Benchmarks.Kubelet;

// Run with: dotnet run -c Release --project bench/Nvidia.Dra.Benchmarks -- --filter '*'
// Two modes outside BenchmarkDotNet:
//   --phases <rounds>         the kubelet host's time split into its parts (see KubeletHostPhases);
//   cycles <count> [bare|writes]  the prepare cycle (or a baseline) alone, for counting system calls (see CycleLoop).
if (args is ["--phases", var rounds] && OperatingSystem.IsLinux())
{
    await KubeletHostPhases.RunAsync(int.Parse(rounds, CultureInfo.InvariantCulture)).ConfigureAwait(false);
    return;
}

if (OperatingSystem.IsLinux() && CycleLoop.TryRun(args))
{
    return;
}

// The entry assembly, not typeof(Program): the driver referenced through Nvidia.Dra.Testing has a public Program too.
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetEntryAssembly()!).Run(args);
