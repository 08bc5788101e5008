using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Nvidia.Dra.Core;
using Nvidia.Dra.Vfio;
using Nvidia.Dra.Core.Advertising;

namespace Nvidia.Dra.Deploy.Tests;

/// <summary>The plain manifests in <c>deploy/manifests/</c>: they decode, and agree with the code they deploy.</summary>
public sealed class ManifestTests
{
    [Fact]
    public void Manifests_DecodeStrictly_IntoTheObjectsOfTheInstall()
    {
        var objects = DeployFiles.Objects();

        objects.Select(o => o.GetType()).Should().BeEquivalentTo(
        [
            typeof(V1Namespace), typeof(V1ServiceAccount), typeof(V1ClusterRole), typeof(V1ClusterRoleBinding),
            typeof(V1DeviceClass), typeof(V1DeviceClass), typeof(V1DeviceClass), typeof(V1DaemonSet),
        ]);
        var ns = DeployFiles.Single<V1Namespace>().Metadata.Name;
        DeployFiles.Single<V1ServiceAccount>().Metadata.NamespaceProperty.Should().Be(ns);
        DeployFiles.Single<V1DaemonSet>().Metadata.NamespaceProperty.Should().Be(ns);
        var binding = DeployFiles.Single<V1ClusterRoleBinding>();
        binding.RoleRef.Name.Should().Be(DeployFiles.Single<V1ClusterRole>().Metadata.Name);
        binding.Subjects.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = "ServiceAccount", Name = DeployFiles.Single<V1ServiceAccount>().Metadata.Name, NamespaceProperty = ns });
        DeployFiles.Single<V1DaemonSet>().Spec.Template.Spec.ServiceAccountName.Should().Be(DeployFiles.Single<V1ServiceAccount>().Metadata.Name);
    }

    [Fact]
    public void DeviceClasses_AreExactlyWhatTheNodeServicePublishes()
    {
        var services = new ServiceCollection();
        services.AddNvidiaDra(o => o.NodeName = "node-a");
        using var provider = services.BuildServiceProvider();
        var manifest = DeviceClassFactory.ToManifest(provider.GetRequiredService<IDraNodeService>().GetDeviceClasses());
        var expected = System.Text.Json.Nodes.JsonNode.Parse(manifest)!["items"]!.AsArray()
            .Select(item => KubernetesJson.Deserialize<V1DeviceClass>(item!.ToJsonString()))
            .ToList();

        var actual = DeployFiles.Objects().OfType<V1DeviceClass>().ToList();

        actual.Select(c => c.Metadata.Name).Should().Equal(expected.Select(c => c.Metadata.Name));
        actual.Select(c => KubernetesJson.Serialize(c.Spec)).Should().Equal(expected.Select(c => KubernetesJson.Serialize(c.Spec)));
        actual.Should().OnlyContain(c => c.Spec.ExtendedResourceName == null, "the driver registers no container-claim preparer");
    }

    [Fact]
    public void DaemonSet_MountsWhereTheOptionDefaultsLook()
    {
        var pod = DeployFiles.Single<V1DaemonSet>().Spec.Template.Spec;
        var container = pod.Containers.Should().ContainSingle().Subject;
        var core = new NvidiaDraOptions();
        var vfio = new VfioHostOptions();
        string HostPathAt(string mountPath)
        {
            var mount = container.VolumeMounts.Should().ContainSingle(m => m.MountPath == mountPath, $"{mountPath} must be mounted").Subject;
            return pod.Volumes.Single(v => v.Name == mount.Name).HostPath.Path;
        }

        HostPathAt(vfio.SysfsRoot).Should().Be("/sys");
        HostPathAt(vfio.DevRoot).Should().Be("/dev");
        HostPathAt(vfio.ModulesRoot).Should().Be("/lib/modules");
        HostPathAt(core.HostRoot).Should().Be("/");
        HostPathAt(core.ContainerDriverRoot).Should().Be(core.NvidiaDriverRoot);
        HostPathAt(core.CdiRoot).Should().Be(core.CdiRoot);
        HostPathAt("/var/lib/kubelet/plugins").Should().Be("/var/lib/kubelet/plugins");
        core.PluginDataDirectory.Should().StartWith("/var/lib/kubelet/plugins/", "the plugin data directory must be inside the mounted plugins directory");
        HostPathAt("/var/lib/kubelet/plugins_registry").Should().Be("/var/lib/kubelet/plugins_registry");
        container.Args.Should().Contain($"--cdi-root={core.CdiRoot}").And.Contain($"--nvidia-driver-root={core.NvidiaDriverRoot}");
    }

    [Fact]
    public void DaemonSet_IsPrivileged_SeesHostProcesses_AndKnowsItsNodeAndPod()
    {
        var pod = DeployFiles.Single<V1DaemonSet>().Spec.Template.Spec;
        var container = pod.Containers.Single();

        pod.HostPID.Should().BeTrue("the holder scan must see host processes");
        container.SecurityContext.Privileged.Should().BeTrue();
        container.Env.Single(e => e.Name == "NODE_NAME").ValueFrom.FieldRef.FieldPath.Should().Be("spec.nodeName");
        container.Env.Single(e => e.Name == "POD_UID").ValueFrom.FieldRef.FieldPath.Should().Be("metadata.uid");
        container.Env.Single(e => e.Name == "ROLLING_UPDATE").Value.Should().Be("true", "the surge instance of a rolling update needs per-pod sockets");
        container.Args.Should().Contain("--feature-gates=DeviceMetadata=true,PassthroughSupport=true");
    }

    [Fact]
    public void DaemonSet_ProbesTheHealthPort_AndRollsWithoutAGap()
    {
        var daemonSet = DeployFiles.Single<V1DaemonSet>();
        var container = daemonSet.Spec.Template.Spec.Containers.Single();
        var port = container.Ports.Should().ContainSingle(p => p.Name == "health").Subject.ContainerPort;

        container.Args.Should().Contain($"--healthcheck-port={port}");
        container.LivenessProbe.HttpGet.Path.Should().Be("/healthz");
        container.ReadinessProbe.HttpGet.Path.Should().Be("/readyz");
        container.StartupProbe.HttpGet.Path.Should().Be("/readyz");
        new[] { container.LivenessProbe, container.ReadinessProbe, container.StartupProbe }.Should().OnlyContain(p => p.HttpGet.Port.Value == "health");
        daemonSet.Spec.UpdateStrategy.Type.Should().Be("RollingUpdate");
        daemonSet.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable.Value.Should().Be("0", "the old instance stays registered until the new one is ready");
        daemonSet.Spec.UpdateStrategy.RollingUpdate.MaxSurge.Value.Should().Be("1");
        daemonSet.Spec.Selector.MatchLabels.Should().BeSubsetOf(daemonSet.Spec.Template.Metadata.Labels);
    }

    [Fact]
    public void ClusterRole_GrantsWhatTheDriverCalls_AndNothingWider()
    {
        var rules = DeployFiles.Single<V1ClusterRole>().Rules;

        Verbs(rules, "resource.k8s.io", "resourceclaims").Should().BeEquivalentTo("get");
        Verbs(rules, "resource.k8s.io", "resourceslices").Should().BeEquivalentTo("get", "list", "watch", "create", "update", "delete");
        Verbs(rules, string.Empty, "nodes").Should().BeEquivalentTo("get");
        rules.SelectMany(r => r.Verbs).Should().NotContain("*");
        rules.SelectMany(r => r.Resources).Should().NotContain("*");
    }

    internal static IEnumerable<string> Verbs(IEnumerable<V1PolicyRule> rules, string group, string resource) =>
        rules.Where(r => r.ApiGroups.Contains(group) && r.Resources.Contains(resource)).SelectMany(r => r.Verbs).Distinct();
}
