using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/Nvidia.Dra.Benchmarks -- --filter '*'
// The entry assembly, not typeof(Program): the driver referenced through Nvidia.Dra.Testing has a public Program too.
BenchmarkSwitcher.FromAssembly(System.Reflection.Assembly.GetEntryAssembly()!).Run(args);
