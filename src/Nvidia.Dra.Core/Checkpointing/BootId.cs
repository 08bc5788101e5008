namespace Nvidia.Dra.Core.Checkpointing;

/// <summary>Reads the kernel's boot id, which changes on every reboot (<c>&lt;proc&gt;/sys/kernel/random/boot_id</c>).</summary>
internal static class BootId
{
    /// <summary>Reads the boot id.</summary>
    /// <param name="procRoot">The procfs mount.</param>
    /// <returns>The boot id, or an empty string when the file does not exist (then reboots are not detected).</returns>
    public static string Read(string procRoot)
    {
        var path = Path.Join(procRoot, "sys/kernel/random/boot_id");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : string.Empty;
    }
}
