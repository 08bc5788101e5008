using Microsoft.Extensions.Hosting;
using Nvidia.Dra.Core;

namespace Nvidia.Dra.Driver;

/// <summary>
/// Runs Core's start-up (preflight and checkpoint recovery) before the kubelet sockets open, so that a node that
/// cannot pass GPUs through stops the driver at start with the remedy instead of failing every claim.
/// </summary>
internal sealed class NodeStartupService(IDraNodeService node) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await node.StartAsync(cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
