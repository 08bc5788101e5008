namespace Nvidia.Dra.Cdi.Tests.TestSupport;

/// <summary>Spec builders shared by the tests.</summary>
public static class Specs
{
    public static CdiSpec Minimal(string kind = "vendor.com/device", string version = "0.3.0", string device = "dev1") =>
        new(version, kind) { Devices = [new CdiDevice(device, new ContainerEdits { Env = ["FOO=BAR"] })] };

    /// <summary>The VFIO claim spec of cdi.md section 12.</summary>
    public static CdiSpec VfioClaim(string claimUid = "4f0c2a8e-6a3b-4a51-9d1e-2b7c5e9f0a11", string group = "12") =>
        new("0.5.0", "k8s.gpu.nvidia.com/claim")
        {
            Devices =
            [
                new CdiDevice(
                    $"{claimUid}-gpu-vfio-0",
                    new ContainerEdits { DeviceNodes = [new DeviceNode($"/dev/vfio/{group}") { HostPath = $"/dev/vfio/{group}" }] }),
            ],
            ContainerEdits = new ContainerEdits
            {
                Env = ["NVIDIA_VISIBLE_DEVICES=void"],
                DeviceNodes = [new DeviceNode("/dev/vfio/vfio") { HostPath = "/dev/vfio/vfio" }],
            },
        };

    /// <summary>A spec that uses every field of the 1.1.0 model.</summary>
    public static CdiSpec Everything() =>
        new("1.1.0", "vendor.com/class.sub")
        {
            Annotations = CdiAnnotations.From([new("vendor.com/spec", "yes"), new("count", "0644")]),
            Devices =
            [
                new CdiDevice("0", new ContainerEdits
                {
                    Env = ["A=1", "B="],
                    DeviceNodes =
                    [
                        new DeviceNode("/dev/x0")
                        {
                            HostPath = "/dev/host0", Type = "c", Major = 195, Minor = -1, FileMode = 438, Permissions = "rw",
                            Uid = 0, Gid = 44,
                        },
                    ],
                    NetDevices = [new LinuxNetDevice("eth1", "net0")],
                    Hooks = [new Hook("createContainer", "/bin/hook") { Args = ["hook", "--flag"], Env = ["X=y"], Timeout = 10_000_000_000 }],
                    Mounts = [new Mount("/h", "/c") { Options = ["ro", "bind"], Type = "bind" }],
                    IntelRdt = new IntelRdt { ClosId = "clos", L3CacheSchema = "L3:0=f", MemBwSchema = "MB:0=50", Schemata = [], EnableMonitoring = true },
                    AdditionalGids = [0, 44, 4294967295],
                })
                {
                    Annotations = CdiAnnotations.From([new("true", ""), new("key", "~")]),
                },
                new CdiDevice("gpu:1.x_y-z", new ContainerEdits { Env = ["Q=\"quoted\" and 'single' # not a comment"] }),
            ],
            ContainerEdits = new ContainerEdits
            {
                Env = ["NVIDIA_VISIBLE_DEVICES=void", "MULTI=line1\nline2", "UNICODE=é✓"],
                IntelRdt = new IntelRdt { ClosId = "/" , Schemata = ["L3:0=ff", "MB:0=100"] },
            },
        };
}
