using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// The one API server client of the kubelet-plugin host and the ResourceSlice controller: an <see cref="IKubernetes"/>
/// the application registered, else one built from <see cref="KubeletPluginOptions.Kubeconfig"/>, else the pod's
/// service account (in a cluster), else the default kubeconfig. Built on first use, at start, so that a missing
/// configuration stops the plugin with the remedy.
/// </summary>
internal sealed class KubernetesClientSource(IServiceProvider services, IOptions<KubeletPluginOptions> options)
{
    private readonly Lazy<IKubernetes> client = new(() => Create(services, options.Value.Kubeconfig));

    /// <summary>Gets the client.</summary>
    /// <exception cref="KubeletException">No API server configuration could be loaded.</exception>
    public IKubernetes Client => client.Value;

    private static IKubernetes Create(IServiceProvider services, string? kubeconfig)
    {
        if (services.GetService<IKubernetes>() is { } registered)
        {
            return registered;
        }

        KubernetesClientConfiguration configuration;
        try
        {
            configuration = kubeconfig is { } path ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
                : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new KubeletException(
                $"Kubeconfig '{kubeconfig ?? "(default)"}': no API server configuration could be loaded ({ex.Message}); run in a pod with a service account, or set the kubeconfig path.", ex);
        }

        return new Kubernetes(configuration);
    }
}
