using System.Globalization;
using BenchmarkDotNet.Running;
using Nvidia.Dra.Benchmarks.Kubelet;

// Run with: dotnet run -c Release --project bench/Nvidia.Dra.Benchmarks -- --filter '*'
// The kubelet host's time split into its parts (not BenchmarkDotNet): -- --phases <rounds>
if (args is ["--phases", var rounds] && OperatingSystem.IsLinux())
{
    await KubeletHostPhases.RunAsync(int.Parse(rounds, CultureInfo.InvariantCulture)).ConfigureAwait(false);
    return;
}

// The entry assembly, not typeof(Program): the driver referenced through Nvidia.Dra.Testing has a public Program too.
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetEntryAssembly()!).Run(args);
