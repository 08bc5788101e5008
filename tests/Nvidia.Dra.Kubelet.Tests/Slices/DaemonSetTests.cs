using YamlDotNet.RepresentationModel;

namespace Nvidia.Dra.Kubelet.Tests.Slices;

/// <summary>The deployed DaemonSet mounts kubelet's directories where the host's option defaults expect them.</summary>
public sealed class DaemonSetTests
{
    [Fact]
    public void DaemonSet_MountsKubeletsDirectoriesAtTheHostOptionDefaults_AndRunsInRollingUpdateMode()
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "deploy", "40-daemonset.yaml"))))
        {
            yaml.Load(reader);
        }

        var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["spec"])["template"];
        var spec = (YamlMappingNode)pod["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)spec["containers"]).Single();
        var mounts = ((YamlSequenceNode)container["volumeMounts"]).Cast<YamlMappingNode>().ToDictionary(m => Scalar(m["mountPath"]), m => Scalar(m["name"]));
        var hostPaths = ((YamlSequenceNode)spec["volumes"]).Cast<YamlMappingNode>().ToDictionary(v => Scalar(v["name"]), v => Scalar(((YamlMappingNode)v["hostPath"])["path"]));
        var env = ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().ToDictionary(
            e => Scalar(e["name"]),
            e => e.Children.ContainsKey("value") ? Scalar(e["value"]) : Scalar(((YamlMappingNode)((YamlMappingNode)e["valueFrom"])["fieldRef"])["fieldPath"]));

        hostPaths[mounts[KubeletPluginOptions.DefaultRegistrarDirectory]].Should().Be(KubeletPluginOptions.DefaultRegistrarDirectory);
        hostPaths[mounts[KubeletPluginOptions.DefaultPluginsDirectory]].Should().Be(KubeletPluginOptions.DefaultPluginsDirectory);
        env.Should().Contain("NODE_NAME", "spec.nodeName").And.Contain("POD_UID", "metadata.uid")
            .And.Contain("ROLLING_UPDATE", "true", "maxSurge: 1 runs two instances on a node during an update; they need per-pod sockets");
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;
}
