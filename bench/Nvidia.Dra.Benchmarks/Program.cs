using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/Nvidia.Dra.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
