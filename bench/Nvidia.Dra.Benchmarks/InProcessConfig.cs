using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Nvidia.Dra.Benchmarks;

/// <summary>
/// One job run in this process: BenchmarkDotNet builds no generated project (that build timed out on a loaded
/// 2-core machine). A benchmark class picks its job through a nested subclass named in its <c>[Config]</c>.
/// </summary>
public abstract class InProcessConfig : ManualConfig
{
    /// <summary>Runs <paramref name="job"/> once, in process.</summary>
    /// <param name="job">The job.</param>
    protected InProcessConfig(Job job) =>
        AddJob(job.WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance));

    /// <summary>
    /// Wall-clock time of single operations, one invocation per iteration: for operations of hundreds of
    /// milliseconds whose state must be reset between them.
    /// </summary>
    /// <param name="warmups">Warm-up iterations.</param>
    /// <param name="iterations">Measured iterations.</param>
    /// <returns>The job.</returns>
    protected static Job Monitoring(int warmups, int iterations) =>
        Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(warmups).WithIterationCount(iterations).WithInvocationCount(1).WithUnrollFactor(1);

    /// <summary>
    /// Mean time of an operation repeated enough times per iteration for the iteration to last about half a second:
    /// for short operations, measured once the JIT has settled on its final code.
    /// </summary>
    /// <param name="warmups">Warm-up iterations.</param>
    /// <param name="iterations">Measured iterations.</param>
    /// <returns>The job.</returns>
    protected static Job Throughput(int warmups, int iterations) =>
        Job.Default.WithWarmupCount(warmups).WithIterationCount(iterations);
}
