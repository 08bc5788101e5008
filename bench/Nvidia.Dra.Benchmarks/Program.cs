using BenchmarkDotNet.Running;
using Nvidia.Dra.Benchmarks.Core;

// Run with: dotnet run -c Release --project bench/Nvidia.Dra.Benchmarks -- --filter '*'
// `cycles <count> [bare]` runs the prepare cycle alone, for counting system calls (see CycleLoop).
if (OperatingSystem.IsLinux() && CycleLoop.TryRun(args))
{
    return;
}

// The entry assembly, not typeof(Program): the driver referenced through Nvidia.Dra.Testing has a public Program too.
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetEntryAssembly()!).Run(args);
