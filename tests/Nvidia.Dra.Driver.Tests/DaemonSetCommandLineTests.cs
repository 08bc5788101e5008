using YamlDotNet.RepresentationModel;

namespace Nvidia.Dra.Driver.Tests;

/// <summary>
/// The DaemonSet in <c>deploy/manifests/</c> read the way the driver reads it: its args and environment go through
/// <see cref="DriverCommandLine"/>, and every path the driver then uses must be mounted from the host path it means.
/// </summary>
public sealed class DaemonSetCommandLineTests
{
    private const string PodUid = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private const string NodeName = "gpu-node-7";

    [Fact]
    public void The_daemonset_args_and_environment_parse_into_settings_that_match_its_mounts_probes_and_gates()
    {
        var (pod, container) = PodAndContainer();
        var args = ((YamlSequenceNode)container["args"]).Children.Select(a => ((YamlScalarNode)a).Value!).ToList();
        var environment = Environment(container);

        var parsed = DriverCommandLine.TryParse(args, name => environment.GetValueOrDefault(name), out var settings, out var error);

        parsed.Should().BeTrue(error);
        settings.NodeName.Should().Be(NodeName, "NODE_NAME comes from spec.nodeName");
        settings.RollingUpdatePodUid.Should().Be(PodUid, "ROLLING_UPDATE=true turns on per-pod sockets with POD_UID");
        settings.FeatureGates!.Split(',').Should().BeEquivalentTo("PassthroughSupport=true", "DeviceMetadata=true");
        var mounts = Mounts(pod, container);
        mounts.Should().ContainKey(settings.CdiRoot).WhoseValue.Should().Be(settings.CdiRoot, "the CDI directory the driver writes must be the host's");
        mounts[settings.ContainerDriverRoot].Should().Be(settings.NvidiaDriverRoot, "the driver root is mounted where the driver looks for it");
        mounts[settings.HostRoot].Should().Be("/");
        mounts[settings.KubeletPluginsDirectory].Should().Be(settings.KubeletPluginsDirectory);
        mounts[settings.KubeletRegistrarDirectory].Should().Be(settings.KubeletRegistrarDirectory);
        mounts["/sys"].Should().Be("/sys");
        mounts["/dev"].Should().Be("/dev");
        var port = ((YamlSequenceNode)container["ports"]).Children.Cast<YamlMappingNode>().Single(p => Scalar(p, "name") == "health");
        settings.HealthcheckPort.Should().Be(int.Parse(Scalar(port, "containerPort"), System.Globalization.CultureInfo.InvariantCulture));
        settings.HealthcheckAddress.Should().Be("0.0.0.0", "kubelet probes the pod IP");
    }

    private static (YamlMappingNode Pod, YamlMappingNode Container) PodAndContainer()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Join(RepositoryRoot(), "deploy", "manifests", "40-daemonset.yaml"));
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["spec"])["template"])["spec"];
        return (pod, (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single());
    }

    /// <summary>The container's environment with the downward-API values a kubelet would fill in.</summary>
    private static Dictionary<string, string> Environment(YamlMappingNode container)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>())
        {
            var name = Scalar(variable, "name");
            environment[name] = variable.Children.ContainsKey(new YamlScalarNode("value"))
                ? Scalar(variable, "value")
                : Scalar((YamlMappingNode)((YamlMappingNode)variable["valueFrom"])["fieldRef"], "fieldPath") switch
                {
                    "spec.nodeName" => NodeName,
                    "metadata.uid" => PodUid,
                    var other => throw new InvalidOperationException($"unexpected fieldRef {other}"),
                };
        }

        return environment;
    }

    /// <summary>Mount path → host path.</summary>
    private static Dictionary<string, string> Mounts(YamlMappingNode pod, YamlMappingNode container)
    {
        var volumes = ((YamlSequenceNode)pod["volumes"]).Children.Cast<YamlMappingNode>()
            .ToDictionary(v => Scalar(v, "name"), v => Scalar((YamlMappingNode)v["hostPath"], "path"), StringComparer.Ordinal);
        return ((YamlSequenceNode)container["volumeMounts"]).Children.Cast<YamlMappingNode>()
            .ToDictionary(m => Scalar(m, "mountPath"), m => volumes[Scalar(m, "name")], StringComparer.Ordinal);
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Join(directory.FullName, "deploy", "manifests")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("deploy/manifests not found above the test assembly");
    }
}
