using FsCheck;
using FsCheck.Fluent;
using Nvidia.Dra.Cdi.Tests.TestSupport;

namespace Nvidia.Dra.Cdi.Tests.Serialization;

public class RoundTripTests
{
    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples", "valid")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [InlineData(CdiSpecFormat.Yaml)]
    [InlineData(CdiSpecFormat.Json)]
    public void Serialize_EverySpecField_RoundTripsExactly(CdiSpecFormat format)
    {
        var spec = Specs.Everything();

        var text = CdiSpecSerializer.Serialize(spec, format);
        var back = CdiSpecSerializer.Load(text);

        back.Should().Be(spec);
        CdiSpecSerializer.Serialize(back, format).Should().Be(text);
    }

    [Fact]
    public void ToYaml_StartsWithDocumentMarkerAndQuotesAmbiguousStrings()
    {
        var yaml = CdiSpecSerializer.ToYaml(Specs.Everything());

        yaml.Should().StartWith("---\ncdiVersion: 1.1.0\n");
        yaml.Should().Contain("- name: \"0\"").And.Contain("count: \"0644\"").And.Contain("\"true\": \"\"")
            .And.Contain("key: \"~\"").And.Contain("schemata: []").And.Contain("fileMode: 438");
    }

    [Fact]
    public void ToJson_UsesReferenceFieldOrderAndOmitsEmptyValues()
    {
        var json = CdiSpecSerializer.ToJson(Specs.VfioClaim());

        json.Should().Be("""{"cdiVersion":"0.5.0","kind":"k8s.gpu.nvidia.com/claim","devices":[{"name":"4f0c2a8e-6a3b-4a51-9d1e-2b7c5e9f0a11-gpu-vfio-0","containerEdits":{"deviceNodes":[{"path":"/dev/vfio/12","hostPath":"/dev/vfio/12"}]}}],"containerEdits":{"env":["NVIDIA_VISIBLE_DEVICES=void"],"deviceNodes":[{"path":"/dev/vfio/vfio","hostPath":"/dev/vfio/vfio"}]}}""");
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void SampleSpec_RoundTripsThroughBothFormats(string fileName)
    {
        var spec = CdiSpecSerializer.Load(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "valid", fileName)));

        CdiSpecSerializer.Load(CdiSpecSerializer.ToYaml(spec)).Should().Be(spec);
        CdiSpecSerializer.Load(CdiSpecSerializer.ToJson(spec)).Should().Be(spec);
    }

    private static readonly string[] s_tricky =
    [
        "", "0", "00", "0644", "1.0", "1e3", "yes", "No", "ON", "y", "~", "null", "true", "-", "- x", ": x", "x: y", "#x",
        "x #y", " lead", "trail ", "a\nb", "\n", "\n\n", "a\n", "tab\there", "quote\"d", "'single'", "[a]", "{a}", "*alias", "&anchor", "!tag",
        "%dir", "@at", "`tick", "é✓", ".inf", "-.5", "+1", "0x1F", "0b101", "2001-12-14", "<<", "=", "|", ">", "?",
    ];

    [Theory]
    [InlineData("\n")]
    [InlineData("\n\n")]
    [InlineData(" \n")]
    [InlineData("\n ")]
    [InlineData("a\n")]
    [InlineData("\na")]
    [InlineData("a\n\n")]
    [InlineData("\r\n")]
    public void ToYaml_StringsWithLineBreaks_RoundTripExactly(string text)
    {
        var spec = new CdiSpec(text, text)
        {
            Annotations = CdiAnnotations.From([new(text, text)]),
            Devices = [new CdiDevice(text, new ContainerEdits { Env = [text], Mounts = [new Mount(text, text) { Options = [text] }] })],
        };

        CdiSpecSerializer.Parse(CdiSpecSerializer.ToYaml(spec)).Should().Be(spec);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Serialize_ArbitraryStrings_RoundTripInBothFormats()
    {
        var text = Gen.OneOf(Gen.Elements(s_tricky), ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => s.Get)
            .Where(s => !s.Any(char.IsSurrogate)));
        var gen = from env in text
                  from name in text
                  from value in text
                  select (env, name, value);
        return Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var spec = new CdiSpec(t.name, t.value)
            {
                Annotations = CdiAnnotations.From([new(t.name, t.value)]),
                Devices = [new CdiDevice(t.name, new ContainerEdits { Env = [t.env], Mounts = [new Mount(t.value, t.env) { Options = [t.name] }] })],
            };
            return CdiSpecSerializer.Parse(CdiSpecSerializer.ToYaml(spec)) == spec
                && CdiSpecSerializer.Parse(CdiSpecSerializer.ToJson(spec)) == spec;
        });
    }
}
