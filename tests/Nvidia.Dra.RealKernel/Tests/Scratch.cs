namespace Nvidia.Dra.RealKernel;

/// <summary>A temporary directory for records and signal files; deleted on dispose.</summary>
internal sealed class Scratch : IDisposable
{
    public Scratch() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "rk-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => Path.Combine(Root, name);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
