using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Nvidia.Dra.Nvml.Tests.Lifetime;

/// <summary>A logger factory whose every logger writes to one <see cref="FakeLogCollector"/>.</summary>
internal sealed class FakeLoggerFactory : IDisposable
{
    private readonly ILoggerFactory _factory;

    public FakeLoggerFactory()
    {
        _factory = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(Collector)).SetMinimumLevel(LogLevel.Trace));
    }

    public FakeLogCollector Collector { get; } = new();

    public ILoggerFactory Factory => _factory;

    public void Dispose() => _factory.Dispose();
}
