using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;

namespace Nvidia.Dra.Benchmarks.Vfio;

/// <summary>
/// A thousand real processes (<c>sleep</c>) with ten descriptors each: stdio on /dev/null and seven files of a
/// temporary directory; every hundredth process also holds the "device" file, the scan target.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class HolderFarm : IDisposable
{
    private readonly List<Process> _processes = [];

    public HolderFarm(int processes, int holdersEvery)
    {
        Directory = Path.Join(Path.GetTempPath(), "nvdra-bench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        Target = Path.Join(Directory, "nvidia0");
        File.WriteAllText(Target, string.Empty);
        var others = Enumerable.Range(0, 7).Select(i => Path.Join(Directory, "file" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        foreach (var other in others)
        {
            File.WriteAllText(other, string.Empty);
        }

        for (var i = 0; i < processes; i++)
        {
            var files = (string[])others.Clone();
            if (i % holdersEvery == 0)
            {
                files[0] = Target;
                Holders++;
            }

            _processes.Add(Spawn(files));
        }

        foreach (var process in _processes)
        {
            WaitForDescriptors(process.Id, 3 + OtherFiles);
        }
    }

    public string Directory { get; }

    public string Target { get; }

    public int Holders { get; }

    public int Count => _processes.Count;

    private const int OtherFiles = 7;

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        System.IO.Directory.Delete(Directory, true);
    }

    private static Process Spawn(string[] files)
    {
        // exec keeps one process per holder; stdio goes to /dev/null so no pipe of the benchmark host stays open.
        var redirections = string.Join(' ', files.Select((_, i) => $"{i + 3}<\"${{{i + 1}}}\""));
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec sleep 100000 0</dev/null 1>/dev/null 2>/dev/null {redirections}");
        start.ArgumentList.Add("sh");
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start /bin/sh.");
    }

    private static void WaitForDescriptors(int pid, int count)
    {
        var last = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd/{(count - 1).ToString(CultureInfo.InvariantCulture)}";
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(last))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"PID {pid} did not open its descriptors.");
            }

            Thread.Sleep(1);
        }
    }
}
