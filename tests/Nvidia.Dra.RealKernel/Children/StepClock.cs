using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.RealKernel;

/// <summary>
/// Notes when the package starts a step's sysfs write (its <c>SwitchStep</c> debug event), so a test can time the
/// write's deadline itself rather than everything the release did before it (slow under TCG on a busy host).
/// </summary>
internal sealed class StepClock : ILoggerFactory, ILogger
{
    private long _lastUnbind;

    /// <summary>Gets the time since the last unbind write started.</summary>
    public TimeSpan SinceUnbind => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUnbind));

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Name == "SwitchStep" && state is IReadOnlyList<KeyValuePair<string, object?>> values &&
            values.Any(v => v.Key == "Step" && v.Value is Vfio.VfioStep.Unbind))
        {
            Interlocked.Exchange(ref _lastUnbind, Stopwatch.GetTimestamp());
        }
    }

    public void Dispose()
    {
    }
}
