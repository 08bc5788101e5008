using k8s;

namespace Nvidia.Dra.Deploy.Tests;

/// <summary>The repository's <c>deploy/</c> tree, copied beside the tests, decoded with the official client's models.</summary>
internal static class DeployFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "deploy");

    public static string Chart => Path.Combine(Root, "helm", "nvidia-dra-driver");

    public static string[] ManifestFiles => [.. Directory.GetFiles(Path.Combine(Root, "manifests"), "*.yaml").Order(StringComparer.Ordinal)];

    /// <summary>Every object of every manifest, strictly decoded (an unknown field or kind fails).</summary>
    public static List<object> Objects() =>
        [.. ManifestFiles.SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), typeMap: null, strict: true))];

    public static T Single<T>() => Objects().OfType<T>().Should().ContainSingle().Subject;
}
