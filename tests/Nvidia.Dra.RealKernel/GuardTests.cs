namespace Nvidia.Dra.RealKernel;

/// <summary>
/// The guard's own tests: run anywhere (they are plain facts), and prove the refusal with a stand-in for /sys and the
/// command line, so even a broken guard could only write into a temporary directory.
/// </summary>
public sealed class GuardTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rk-guard-" + Guid.NewGuid().ToString("N"));

    public GuardTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "sys/bus/pci/drivers/e1000e"));
        File.WriteAllText(Path.Combine(_root, "sys/bus/pci/drivers/e1000e/unbind"), string.Empty);
    }

    [Theory]
    [InlineData("BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet")]
    [InlineData("console=ttyS0 nvdra.realkernel=guests")]
    [InlineData("console=ttyS0 xnvdra.realkernel=guest")]
    [InlineData("console=ttyS0 nvdra.realkernel=")]
    [InlineData("")]
    public void Without_the_exact_marker_no_write_under_sys_happens(string commandLine)
    {
        var fileSystem = new GuardedFileSystem(Guard(commandLine));
        var unbind = Path.Combine(_root, "sys/bus/pci/drivers/e1000e/unbind");

        fileSystem.Invoking(f => f.File.WriteAllText(unbind, "0000:00:03.0"))
            .Should().Throw<NotInGuestException>().WithMessage("*nvdra.realkernel=guest*");
        fileSystem.Invoking(f => f.File.OpenWrite(unbind)).Should().Throw<NotInGuestException>();
        fileSystem.Invoking(f => f.File.OpenHandle(unbind, FileMode.Open, FileAccess.Write, FileShare.None, FileOptions.None, 0)).Should().Throw<NotInGuestException>();
        fileSystem.Invoking(f => f.File.Open(unbind, FileMode.Open)).Should().Throw<NotInGuestException>();
        fileSystem.Invoking(f => f.File.Open(unbind, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.ReadWrite })).Should().Throw<NotInGuestException>();
        fileSystem.Invoking(f => f.File.Create(unbind)).Should().Throw<NotInGuestException>();
        fileSystem.Invoking(f => f.File.WriteAllText(Path.Combine(_root, "sys/bus/pci/drivers/../drivers_probe"), "x")).Should().Throw<NotInGuestException>();

        File.ReadAllText(unbind).Should().BeEmpty("the refused write never reached the file");
        File.Exists(Path.Combine(_root, "sys/bus/pci/drivers_probe")).Should().BeFalse();
    }

    [Fact]
    public void With_the_marker_the_write_goes_through()
    {
        var fileSystem = new GuardedFileSystem(Guard("console=ttyS0 panic=-1 nvdra.realkernel=guest quiet"));
        var unbind = Path.Combine(_root, "sys/bus/pci/drivers/e1000e/unbind");

        fileSystem.File.WriteAllText(unbind, "0000:00:03.0");

        File.ReadAllText(unbind).Should().Be("0000:00:03.0");
        // Reading through a handle (how the Vfio package reads sysfs) is never refused.
        using var handle = new GuardedFileSystem(Guard("quiet")).File.OpenHandle(unbind);
        RandomAccess.GetLength(handle).Should().BeGreaterThan(0);
    }

    [Fact]
    public void Writes_outside_the_protected_tree_are_not_affected()
    {
        var fileSystem = new GuardedFileSystem(Guard("quiet"));
        var outside = Path.Combine(_root, "record.json");

        fileSystem.File.WriteAllText(outside, "{}");

        File.ReadAllText(outside).Should().Be("{}");
    }

    [Fact]
    public void An_unreadable_command_line_refuses()
    {
        var guard = new GuestGuard(Path.Combine(_root, "missing-cmdline"), Path.Combine(_root, "sys"));

        guard.IsGuest.Should().BeFalse();
        guard.Invoking(g => g.EnsureWritable(Path.Combine(_root, "sys/x"))).Should().Throw<NotInGuestException>();
    }

    [Fact]
    public void This_machine_is_not_the_guest_and_the_suite_refuses_to_run()
    {
        // Whoever runs the unit tests runs them on a real machine: the default guard must say so.
        GuestGuard.CarriesMarker(File.ReadAllText("/proc/cmdline")).Should().BeFalse();
        GuestGuard.Default.IsGuest.Should().BeFalse();
        GuestGuard.Default.Invoking(g => g.EnsureWritable("/sys/bus/pci/drivers_probe")).Should().Throw<NotInGuestException>();
        GuestKernel.FileSystem.Invoking(f => f.File.WriteAllText("/sys/bus/pci/drivers_probe", "0000:00:03.0")).Should().Throw<NotInGuestException>();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private GuestGuard Guard(string commandLine)
    {
        var path = Path.Combine(_root, "cmdline");
        File.WriteAllText(path, commandLine + "\n");
        return new GuestGuard(path, Path.Combine(_root, "sys"));
    }
}
