using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Nvidia.Dra.Deploy.Tests;

/// <summary>The Helm chart: the NVIDIA guide's values, every value used, and defaults that render the plain manifests.</summary>
public sealed partial class ChartTests
{
    private static readonly string[] GuideKeys =
    [
        "resources.gpus.enabled", "resources.computeDomains.enabled", "gpuResourcesEnabledOverride", "nvidiaDriverRoot",
        "featureGates.PassthroughSupport", "featureGates.DeviceMetadata",
    ];

    [Fact]
    public void Values_HaveTheGuidesKeys_PlusImageNodeSelectorTolerationsAndHealthPort()
    {
        var keys = ValueKeys().Keys.ToList();

        keys.Should().Contain(GuideKeys).And.Contain(["image.repository", "image.tag", "image.pullPolicy", "nodeSelector", "tolerations", "healthPort"]);
    }

    [Fact]
    public void Values_EveryKeyIsUsedByATemplate_AndEveryReferenceExists()
    {
        var templates = Templates();
        var references = ValuesReference().Matches(templates).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var wholeMaps = WholeMapUse().Matches(templates).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var keys = ValueKeys();

        keys.Keys.Where(key => !references.Contains(key) && !wholeMaps.Any(map => key.StartsWith(map + ".", StringComparison.Ordinal)))
            .Should().BeEmpty("every value must change what is rendered");
        references.Where(r => !keys.ContainsKey(r) && !keys.Keys.Any(k => k.StartsWith(r + ".", StringComparison.Ordinal)))
            .Should().BeEmpty("a template must not read a value that values.yaml does not define");
    }

    [Fact]
    public void Defaults_AreTheGuidesInstall_AndWhatTheManifestsContain()
    {
        var values = ValueKeys();
        var daemonSet = DeployFiles.Single<V1DaemonSet>();
        var container = daemonSet.Spec.Template.Spec.Containers.Single();
        var appVersion = ChartField("appVersion");

        values["resources.gpus.enabled"].Should().Be("true");
        values["resources.computeDomains.enabled"].Should().Be("false");
        values["gpuResourcesEnabledOverride"].Should().Be("true");
        values["featureGates.PassthroughSupport"].Should().Be("true");
        values["featureGates.DeviceMetadata"].Should().Be("true");
        container.Image.Should().Be($"{values["image.repository"]}:{(values["image.tag"].Length > 0 ? values["image.tag"] : appVersion)}");
        container.ImagePullPolicy.Should().Be(values["image.pullPolicy"]);
        container.Ports.Single(p => p.Name == "health").ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(values["healthPort"]);
        daemonSet.Spec.Template.Spec.Volumes.Single(v => v.Name == "driver-root").HostPath.Path.Should().Be(values["nvidiaDriverRoot"]);
        container.Args.Should().Contain("--feature-gates=" + string.Join(",", values.Where(v => v.Key.StartsWith("featureGates.", StringComparison.Ordinal))
            .OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key["featureGates.".Length..]}={v.Value}")));
        daemonSet.Spec.Template.Spec.NodeSelector.Should().BeNull("the default nodeSelector is empty");
        DeployFiles.Objects().Select(o => ((IKubernetesObject<V1ObjectMeta>)o).Metadata.Labels["app.kubernetes.io/version"]).Should().OnlyContain(v => v == appVersion);
    }

    [Fact]
    public void Templates_RenderTheSameObjectsAsTheManifests()
    {
        var templated = KindAndName().Matches(Templates()).Select(m => $"{m.Groups[1].Value}/{m.Groups[2].Value}").ToList();

        var manifests = DeployFiles.Objects().Cast<IKubernetesObject<V1ObjectMeta>>().Where(o => o.Kind != "Namespace").Select(o => $"{o.Kind}/{o.Metadata.Name}");

        templated.Should().BeEquivalentTo(manifests, "the Namespace comes from helm --create-namespace; everything else is templated");
    }

    [Fact]
    public void Chart_RefusesComputeDomainsAndGpusWithoutTheOverride()
    {
        var helpers = File.ReadAllText(Path.Combine(DeployFiles.Chart, "templates", "_helpers.tpl"));

        helpers.Should().Contain("fail \"resources.computeDomains.enabled=true").And.Contain("needs gpuResourcesEnabledOverride=true");
        Directory.GetFiles(Path.Combine(DeployFiles.Chart, "templates"), "*.yaml").Select(File.ReadAllText)
            .Should().Contain(t => t.Contains("include \"nvidia-dra-driver.validate\"", StringComparison.Ordinal), "some template must run the checks");
    }

    private static string Templates() =>
        string.Join("\n", Directory.GetFiles(Path.Combine(DeployFiles.Chart, "templates")).Order(StringComparer.Ordinal).Select(File.ReadAllText));

    private static string ChartField(string name) =>
        File.ReadAllLines(Path.Combine(DeployFiles.Chart, "Chart.yaml")).Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Trim('"');

    /// <summary>Every leaf of values.yaml as a dotted path; an empty map or list counts as a leaf.</summary>
    private static Dictionary<string, string> ValueKeys()
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(DeployFiles.Chart, "values.yaml"))))
        {
            yaml.Load(reader);
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(YamlNode node, string path)
        {
            if (node is YamlMappingNode { Children.Count: > 0 } map)
            {
                foreach (var (key, value) in map.Children)
                {
                    Walk(value, path.Length == 0 ? ((YamlScalarNode)key).Value! : $"{path}.{((YamlScalarNode)key).Value}");
                }
            }
            else
            {
                keys[path] = node is YamlScalarNode scalar ? scalar.Value ?? string.Empty : string.Empty;
            }
        }

        Walk(yaml.Documents[0].RootNode, string.Empty);
        return keys;
    }

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_.]+[A-Za-z0-9_])")]
    private static partial Regex ValuesReference();

    [GeneratedRegex(@"(?:range \$\w+, \$\w+ := |with )\.Values\.([A-Za-z0-9_.]+[A-Za-z0-9_])")]
    private static partial Regex WholeMapUse();

    [GeneratedRegex(@"^kind: (\w+)\r?\nmetadata:\r?\n  name: ([\w.-]+)", RegexOptions.Multiline)]
    private static partial Regex KindAndName();
}
