using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// Where the API server client comes from: an <see cref="IKubernetes"/> the application registered, else one built
/// from <see cref="KubeletPluginOptions.Kubeconfig"/>, else the pod's service account (in a cluster), else the default
/// kubeconfig. Built at start so that a missing configuration stops the plugin with the remedy.
/// </summary>
internal static class KubernetesClientSource
{
    public static Func<IKubernetes> Create(IServiceProvider services, KubeletPluginOptions options)
    {
        if (services.GetService<IKubernetes>() is { } registered)
        {
            return () => registered;
        }

        KubernetesClientConfiguration configuration;
        try
        {
            configuration = options.Kubeconfig is { } path ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
                : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new KubeletException(
                $"Kubeconfig '{options.Kubeconfig ?? "(default)"}': no API server configuration could be loaded ({ex.Message}); run in a pod with a service account, or set the kubeconfig path.", ex);
        }

        var client = new Kubernetes(configuration);
        return () => client;
    }
}
