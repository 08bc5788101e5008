using System.CommandLine;
using Nvidia.Dra.Cli.Cdi;
using Nvidia.Dra.Cdi.Tests.TestSupport;

namespace Nvidia.Dra.Cdi.Tests.Cli;

public sealed class CdiCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample(string kind, string name) => Path.Combine(AppContext.BaseDirectory, "samples", kind, name);

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand { CdiCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).GetAwaiter().GetResult();
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public void Validate_AllSampleValidSpecs_ExitsZero()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples", "valid"));

        var (exitCode, output, _) = Run(["cdi", "validate", .. files]);

        exitCode.Should().Be(0);
        output.Should().Contain("k8s.gpu.nvidia.com/claim=4f0c2a8e-6a3b-4a51-9d1e-2b7c5e9f0a11-gpu-vfio-0")
            .And.Contain($"{files.Length} files: {files.Length} valid, 0 invalid, 0 unreadable");
    }

    [Fact]
    public void Validate_InvalidSpec_PrintsEveryProblemWithLocationAndExitsOne()
    {
        var (exitCode, output, _) = Run("cdi", "validate", Sample("valid", "nvidia.yaml"), Sample("invalid", "several-problems.json"));

        exitCode.Should().Be(1);
        output.Should().Contain("several-problems.json: invalid (6 problems)")
            .And.Contain("  devices[0].name: invalid name \"gpu-vfio-\"")
            .And.Contain("  devices[1].containerEdits.deviceNodes[0].permissions:")
            .And.Contain("  devices[1].containerEdits.hooks[0].hookName: invalid hook name \"CreateContainer\"")
            .And.Contain("2 files: 1 valid, 1 invalid, 0 unreadable");
    }

    [Theory]
    [InlineData("kind-starts-with-digit.yaml", "kind:")]
    [InlineData("version-too-low.yaml", "cdiVersion: the spec version must be at least v0.5.0")]
    [InlineData("unsupported-version.yaml", "cdiVersion: invalid version \"1.0.1\"")]
    public void Validate_EachInvalidSample_IsRejected(string file, string expected)
    {
        var (exitCode, output, _) = Run("cdi", "validate", Sample("invalid", file));

        exitCode.Should().Be(1);
        output.Should().Contain(expected);
    }

    [Theory]
    [InlineData("xyzzy: garbled\n", "(document)")]
    [InlineData("", "no Spec data")]
    [InlineData("cdiVersion: [\n", "failed to unmarshal CDI Spec")]
    public void Validate_UndecodableFile_IsUnreadable(string content, string expected)
    {
        var file = _temp.Combine("spec.yaml");
        File.WriteAllText(file, content);

        var (exitCode, output, _) = Run("cdi", "validate", file);

        exitCode.Should().Be(2);
        output.Should().Contain("spec.yaml: unreadable").And.Contain("0 valid, 0 invalid, 1 unreadable");
        if (content.StartsWith("xyzzy", StringComparison.Ordinal))
        {
            output.Should().Contain("xyzzy: unknown field \"xyzzy\"");
        }
        else
        {
            output.Should().Contain(expected);
        }
    }

    [Fact]
    public void Validate_UnknownFieldSample_IsUnreadable()
    {
        var (exitCode, output, _) = Run("cdi", "validate", Sample("invalid", "unknown-field.yaml"));

        exitCode.Should().Be(2);
        output.Should().Contain("devices[0].containerEdit: unknown field");
    }

    [Fact]
    public void Validate_UnreadableFile_ExitsTwoEvenWithInvalidOnes()
    {
        var (exitCode, output, error) = Run("cdi", "validate", Sample("invalid", "version-too-low.yaml"), _temp.Combine("missing.yaml"));

        exitCode.Should().Be(2);
        error.Should().Contain("missing.yaml: unreadable");
        output.Should().Contain("0 valid, 1 invalid, 1 unreadable");
    }

    [Fact]
    public void Validate_NoFiles_IsAUsageError()
    {
        var (exitCode, _, _) = Run("cdi", "validate");

        exitCode.Should().NotBe(0);
    }

    [Theory]
    [InlineData("valid", "nvidia.yaml", "0.5.0")]
    [InlineData("valid", "nvidia.com-gpu.coherent-mig.json", "0.6.0")]
    [InlineData("invalid", "version-too-low.yaml", "0.5.0")]
    public void Version_PrintsMinimumRequiredVersion(string kind, string file, string expected)
    {
        var (exitCode, output, _) = Run("cdi", "version", Sample(kind, file));

        exitCode.Should().Be(0);
        output.Trim().Should().Be(expected);
    }

    [Fact]
    public void Validate_InvalidUtf8_IsUnreadable()
    {
        var file = _temp.Combine("latin1.yaml");
        // A Latin-1 "é" (0xE9) is not valid UTF-8.
        File.WriteAllBytes(file, [.. "cdiVersion: 0.3.0\nkind: v.com/d\n# "u8, 0xE9, (byte)'\n']);

        var (exitCode, output, _) = Run("cdi", "validate", file);

        exitCode.Should().Be(2);
        output.Should().Contain("not valid UTF-8");
    }

    [Fact]
    public void Version_UnparsableOrUnreadable_ExitsNonZero()
    {
        var garbled = _temp.Combine("garbled.yaml");
        File.WriteAllText(garbled, "xyzzy: garbled\n");

        Run("cdi", "version", garbled).ExitCode.Should().Be(2);
        Run("cdi", "version", _temp.Combine("missing.yaml")).ExitCode.Should().Be(2);
    }
}
