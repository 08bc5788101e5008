using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Cli.Nvml;

/// <summary>A minimal logger factory for <c>--verbose</c>: every message on stderr with its event id and the time
/// since the command started, so the library search (event 4000 names the path NVML was loaded from) and the cost of
/// each phase are visible on a node.</summary>
internal sealed class StderrLoggerFactory : ILoggerFactory
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public ILogger CreateLogger(string categoryName) => new StderrLogger(this);

    /// <summary>Writes a phase marker with the elapsed time.</summary>
    public void Mark(string phase) => Console.Error.WriteLine($"{Elapsed()} {phase}");

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private string Elapsed() =>
        string.Create(CultureInfo.InvariantCulture, $"+{Stopwatch.GetElapsedTime(_start).TotalMilliseconds,8:F3} ms");

    private sealed class StderrLogger(StderrLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Console.Error.WriteLine($"{factory.Elapsed()} {logLevel,-11} [{eventId.Id} {eventId.Name}] {formatter(state, exception)}");
        }
    }
}
