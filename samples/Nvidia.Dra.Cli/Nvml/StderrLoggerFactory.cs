using Microsoft.Extensions.Logging;

namespace Nvidia.Dra.Cli.Nvml;

/// <summary>A minimal logger factory for <c>--verbose</c>: every message on stderr, with its event id, so the
/// library search (event 4000 names the path NVML was loaded from) is visible on a node.</summary>
internal sealed class StderrLoggerFactory : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger();

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class StderrLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Console.Error.WriteLine($"{logLevel,-11} [{eventId.Id} {eventId.Name}] {formatter(state, exception)}");
        }
    }
}
