namespace Nvidia.Dra.Core.Tests.Support;

/// <summary>
/// Compares output with a committed golden file, byte for byte. On a mismatch the actual output is written under
/// the test's own temporary directory so a reviewer can diff it and, if right, copy it over the golden file.
/// </summary>
internal static class Golden
{
    public static void Match(string fileName, string actual)
    {
        var expectedPath = Path.Combine(AppContext.BaseDirectory, "Golden", fileName);
        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath) : null;
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return;
        }

        var actualDir = Path.Combine(Path.GetTempPath(), "nvidia-dra-core-golden");
        Directory.CreateDirectory(actualDir);
        var actualPath = Path.Combine(actualDir, fileName);
        File.WriteAllText(actualPath, actual);
        actual.Should().Be(expected, $"golden file {fileName} must match exactly (actual output written to {actualPath})");
    }
}
