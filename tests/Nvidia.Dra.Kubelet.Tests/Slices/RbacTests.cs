using YamlDotNet.RepresentationModel;

namespace Nvidia.Dra.Kubelet.Tests.Slices;

/// <summary>The deployed ClusterRole grants every call the slice controller makes (observed on the wire, not listed by hand).</summary>
public sealed class RbacTests
{
    [Fact]
    public async Task ClusterRole_CoversEveryCallOfTheSliceController()
    {
        await using var harness = await SliceHarness.StartAsync();
        var controller = await harness.ControllerAsync();
        controller.Publish(SliceHarness.Pool(70, counters: true));
        await SliceHarness.ConvergeAsync(controller);
        controller.Publish(SliceHarness.Pool(3));
        await SliceHarness.ConvergeAsync(controller);

        var calls = harness.Server.Requests.Select(Classify).Distinct().ToList();
        var granted = Granted();

        calls.Should().Contain([("", "nodes", "get"), ("resource.k8s.io", "resourceslices", "list"), ("resource.k8s.io", "resourceslices", "watch"),
            ("resource.k8s.io", "resourceslices", "create"), ("resource.k8s.io", "resourceslices", "update"), ("resource.k8s.io", "resourceslices", "delete")]);
        calls.Should().OnlyContain(call => granted.Contains(call), "every verb the controller uses must be in deploy/manifests/20-rbac.yaml");
    }

    /// <summary>An API request as RBAC sees it: API group, resource, verb.</summary>
    private static (string Group, string Resource, string Verb) Classify(string request)
    {
        var method = request[..request.IndexOf(' ', StringComparison.Ordinal)];
        var path = request[(method.Length + 1)..].Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (group, resource, named) = path[0] == "api" ? (string.Empty, path[2], path.Length > 3) : (path[1], path[3], path.Length > 4);
        var verb = method switch
        {
            "GET" when named => "get",
            "GET" when request.Contains("watch=true", StringComparison.Ordinal) => "watch",
            "GET" => "list",
            "POST" => "create",
            "PUT" => "update",
            "DELETE" => named ? "delete" : "deletecollection",
            _ => method.ToLowerInvariant(),
        };
        return (group, resource, verb);
    }

    private static HashSet<(string Group, string Resource, string Verb)> Granted()
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "deploy", "20-rbac.yaml"))))
        {
            yaml.Load(reader);
        }

        var role = yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).Single(d => ((YamlScalarNode)d["kind"]).Value == "ClusterRole");
        var granted = new HashSet<(string, string, string)>();
        foreach (var rule in ((YamlSequenceNode)role["rules"]).Cast<YamlMappingNode>())
        {
            foreach (var group in Values(rule["apiGroups"]))
            {
                foreach (var resource in Values(rule["resources"]))
                {
                    foreach (var verb in Values(rule["verbs"]))
                    {
                        granted.Add((group, resource, verb));
                    }
                }
            }
        }

        return granted;
    }

    private static IEnumerable<string> Values(YamlNode node) => ((YamlSequenceNode)node).Cast<YamlScalarNode>().Select(s => s.Value ?? string.Empty);
}
