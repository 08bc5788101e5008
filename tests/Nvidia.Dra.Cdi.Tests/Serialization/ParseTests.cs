namespace Nvidia.Dra.Cdi.Tests.Serialization;

public class ParseTests
{
    private const string ValidYaml = """

        cdiVersion: "0.3.0"
        kind: vendor.com/device
        devices:
          - name: "dev1"
            containerEdits:
              env:
                - "FOO=BAR"
        """;

    [Fact]
    public void Parse_ValidYaml_ReadsSpec()
    {
        var spec = CdiSpecSerializer.Load(ValidYaml);

        spec.Version.Should().Be("0.3.0");
        spec.Kind.Should().Be("vendor.com/device");
        spec.Devices.Should().ContainSingle().Which.Should().Be(new CdiDevice("dev1", new ContainerEdits { Env = ["FOO=BAR"] }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("---\n")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("# only a comment\n")]
    public void Parse_NoContent_FailsWithNoSpecData(string content)
    {
        var act = () => CdiSpecSerializer.Parse(content, "/etc/cdi/empty.yaml");
        act.Should().Throw<CdiParseException>().Which.Message.Should().Contain("no Spec data").And.Contain("/etc/cdi/empty.yaml");
    }

    [Theory]
    [InlineData("xyzzy: garbled\n", "xyzzy")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices: []\nextra: 1\n", "extra")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices:\n  - name: d\n    containerEdit: {}\n", "devices[0].containerEdit")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices:\n  - name: d\n    containerEdits:\n      intelRdt:\n        enableCMT: true\n", "devices[0].containerEdits.intelRdt.enableCMT")]
    [InlineData("{\"cdiVersion\":\"0.3.0\",\"kind\":\"v.com/d\",\"devices\":[],\"gds\":{}}", "gds")]
    public void Parse_UnknownField_IsRejectedWithLocation(string content, string path)
    {
        var act = () => CdiSpecSerializer.Parse(content);
        act.Should().Throw<CdiParseException>().Which.Problems.Should().Contain(p => p.Path == path && p.Message.Contains("unknown field"));
    }

    [Theory]
    [InlineData("cdiVersion: 0.3.0\ncdiVersion: 0.4.0\nkind: v.com/d\n")]
    [InlineData("{\"cdiVersion\":\"0.3.0\",\"cdiVersion\":\"0.3.0\",\"kind\":\"v.com/d\"}")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices:\n  - name: a\n    name: b\n")]
    public void Parse_DuplicateKey_IsRejected(string content)
    {
        var act = () => CdiSpecSerializer.Parse(content);
        act.Should().Throw<CdiParseException>().Which.Message.Should().Contain("already defined");
    }

    [Theory]
    [InlineData("cdiVersion: [1]\nkind: v.com/d\n", "cdiVersion")]
    [InlineData("cdiVersion: 0.3.0\nkind: {a: b}\n", "kind")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices: {}\n", "devices")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices:\n  - d\n", "devices[0]")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices:\n  - name: d\n    containerEdits:\n      deviceNodes:\n        - path: /dev/x\n          major: \"195\"\n", "devices[0].containerEdits.deviceNodes[0].major")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices:\n  - name: d\n    containerEdits:\n      deviceNodes:\n        - path: /dev/x\n          minor: 1.5\n", "devices[0].containerEdits.deviceNodes[0].minor")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices:\n  - name: d\n    containerEdits:\n      deviceNodes:\n        - path: /dev/x\n          uid: -1\n", "devices[0].containerEdits.deviceNodes[0].uid")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices:\n  - name: d\n    containerEdits:\n      additionalGids: [4294967296]\n", "devices[0].containerEdits.additionalGids[0]")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices:\n  - name: d\n    containerEdits:\n      intelRdt:\n        enableMonitoring: \"true\"\n", "devices[0].containerEdits.intelRdt.enableMonitoring")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\nannotations:\n  a: [x]\n", "annotations[\"a\"]")]
    [InlineData("cdiVersion: 0.3.0\nkind: v.com/d\ndevices:\n  - null\n", "devices[0]")]
    [InlineData("[1, 2]", "")]
    [InlineData("just a string", "")]
    public void Parse_WrongType_IsRejectedWithLocation(string content, string path)
    {
        var act = () => CdiSpecSerializer.Parse(content);
        act.Should().Throw<CdiParseException>().Which.Problems.Should().Contain(p => p.Path == path);
    }

    [Theory]
    [InlineData("cdiVersion: 0.3.0\nkind: [\n")]
    [InlineData("cdiVersion: \"0.3.0\nkind: x\n")]
    [InlineData("{\"cdiVersion\": \"0.3.0\",")]
    [InlineData("a: *missing\n")]
    [InlineData("cdiVersion: !!int abc\n")]
    public void Parse_MalformedText_IsRejected(string content)
    {
        var act = () => CdiSpecSerializer.Parse(content);
        act.Should().Throw<CdiParseException>().Which.Message.Should().Contain("failed to unmarshal CDI Spec");
    }

    public static TheoryData<string, string> ScalarCoercions() => new()
    {
        // Numbers and booleans become strings where a string is expected (YAML 1.1 resolution first).
        { "0", "0" },
        { "\"0\"", "0" },
        { "1.0", "1" },
        { "0644", "420" },
        { "0x1F", "31" },
        { "1_000", "1000" },
        { "yes", "true" },
        { "off", "false" },
        { "y", "true" },
        { "1e3", "1000" },
        { "0.5", "0.5" },
        { "2001-12-14", "2001-12-14" },
        { "'yes'", "yes" },
        { "gpu0", "gpu0" },
        { "!!str 0644", "0644" },
        { "! 0644", "0644" },
        { "!!int \"12\"", "12" },
        { "!!float 1", "1" },
    };

    [Theory]
    [MemberData(nameof(ScalarCoercions))]
    public void Parse_DeviceNameScalar_ResolvesLikeTheReferenceDecoder(string yaml, string expected)
    {
        var spec = CdiSpecSerializer.Parse($"cdiVersion: 0.5.0\nkind: v.com/d\ndevices:\n  - name: {yaml}\n    containerEdits:\n      env: [A=b]\n");
        spec.Devices[0].Name.Should().Be(expected);
    }

    [Theory]
    [InlineData("438", 438u)]
    [InlineData("0666", 438u)]
    [InlineData("0o666", 438u)]
    [InlineData("438.0", 438u)]
    [InlineData("4.38e2", 438u)]
    public void Parse_FileModeNumbers_AcceptIntegralValues(string yaml, uint expected)
    {
        var spec = CdiSpecSerializer.Parse($"cdiVersion: 0.5.0\nkind: v.com/d\ndevices:\n  - name: d\n    containerEdits:\n      deviceNodes:\n        - path: /dev/x\n          fileMode: {yaml}\n");
        spec.Devices[0].ContainerEdits.DeviceNodes[0].FileMode.Should().Be(expected);
    }

    [Fact]
    public void Parse_Nulls_LeaveValuesUnset()
    {
        var spec = CdiSpecSerializer.Parse("""
            cdiVersion: 0.7.0
            kind: v.com/d
            annotations: ~
            containerEdits: null
            devices:
              - name: d
                annotations:
                  key: null
                containerEdits:
                  env: [null, "A=b"]
                  additionalGids: [null, 5]
                  intelRdt: null
                  deviceNodes:
                    - path: /dev/x
                      uid: null
                      major: ~
            """);

        spec.Annotations.Should().BeEmpty();
        spec.ContainerEdits.Should().Be(ContainerEdits.Empty);
        var device = spec.Devices[0];
        device.Annotations["key"].Should().BeEmpty();
        device.ContainerEdits.Env.Should().Equal(string.Empty, "A=b");
        device.ContainerEdits.AdditionalGids.Should().Equal(0u, 5u);
        device.ContainerEdits.IntelRdt.Should().BeNull();
        device.ContainerEdits.DeviceNodes[0].Should().Be(new DeviceNode("/dev/x"));
    }

    [Fact]
    public void Parse_SchemataPresence_IsKept()
    {
        const string template = "cdiVersion: 1.1.0\nkind: v.com/d\ndevices:\n  - name: d\n    containerEdits:\n      intelRdt:\n        closID: c\n{0}";
        CdiSpecSerializer.Parse(string.Format(template, "        schemata: []\n")).Devices[0].ContainerEdits.IntelRdt!.Schemata.Should().NotBeNull().And.BeEmpty();
        CdiSpecSerializer.Parse(string.Format(template, "        schemata: ~\n")).Devices[0].ContainerEdits.IntelRdt!.Schemata.Should().BeNull();
        CdiSpecSerializer.Parse(string.Format(template, string.Empty)).Devices[0].ContainerEdits.IntelRdt!.Schemata.Should().BeNull();
    }

    [Fact]
    public void Parse_KeysMatchCaseInsensitivelyLikeGoJson()
    {
        var spec = CdiSpecSerializer.Parse("CDIVersion: 0.3.0\nKind: v.com/d\nDevices:\n  - NAME: 0\n    containeredits: {ENV: [A=1]}\n");
        spec.Version.Should().Be("0.3.0");
        spec.Kind.Should().Be("v.com/d");
        spec.Devices.Should().Equal(new CdiDevice("0", new ContainerEdits { Env = ["A=1"] }));
    }

    [Fact]
    public void Parse_AnchorsAliasesAndMergeKeys_AreResolved()
    {
        var spec = CdiSpecSerializer.Load("""
            cdiVersion: 0.3.0
            kind: v.com/d
            devices:
              - name: a
                containerEdits: &edits
                  env: [A=1]
              - name: b
                containerEdits:
                  <<: *edits
                  mounts:
                    - {hostPath: /h, containerPath: /c}
            """);
        spec.Devices[0].ContainerEdits.Env.Should().Equal("A=1");
        spec.Devices[1].ContainerEdits.Env.Should().Equal("A=1");
        spec.Devices[1].ContainerEdits.Mounts.Should().ContainSingle();
    }

    [Fact]
    public void Parse_Json_WithTabsAndUnicodeEscapes()
    {
        var spec = CdiSpecSerializer.Load("{\n\t\"cdiVersion\": \"0.3.0\",\n\t\"kind\": \"v.com/d\",\n\t\"devices\": [{\"name\": \"d\", \"containerEdits\": {\"env\": [\"A=\\u00e9\\/\"]}}]\n}");
        spec.Devices[0].ContainerEdits.Env.Should().Equal("A=é/");
    }

    [Fact]
    public void Parse_YamlFlowMappingStartingWithBrace_IsReadAsYaml()
    {
        var spec = CdiSpecSerializer.Load("{cdiVersion: 0.3.0, kind: v.com/d, devices: [{name: d, containerEdits: {env: [A=b]}}]}");
        spec.Devices.Should().ContainSingle();
    }

    [Fact]
    public void Parse_IgnoresExtension_AndLoadValidates()
    {
        var json = "{\"cdiVersion\":\"0.3.0\",\"kind\":\"vendor.com/device\",\"devices\":[{\"name\":\"dev1\",\"containerEdits\":{\"env\":[\"FOO=BAR\"]}}]}";
        CdiSpecSerializer.Load(json, "spec.yaml").Should().Be(CdiSpecSerializer.Load(ValidYaml, "spec.json"));
        var act = () => CdiSpecSerializer.Load("kind: vendor.com/device\ndevices:\n  - name: dev1\n    containerEdits:\n      env: [FOO=BAR]\n");
        act.Should().Throw<CdiSpecException>().Which.Problems.Should().ContainSingle().Which.Path.Should().Be("cdiVersion");
    }

    [Theory]
    [InlineData("\uFEFFcdiVersion: 0.3.0\nkind: vendor.com/device\ndevices: [{name: dev1, containerEdits: {env: [FOO=BAR]}}]\n")]
    [InlineData("\uFEFF{\"cdiVersion\":\"0.3.0\",\"kind\":\"vendor.com/device\",\"devices\":[{\"name\":\"dev1\",\"containerEdits\":{\"env\":[\"FOO=BAR\"]}}]}")]
    public void Parse_ByteOrderMark_IsIgnored(string content) =>
        CdiSpecSerializer.Load(content).Should().Be(CdiSpecSerializer.Load(ValidYaml));

    [Fact]
    public void Parse_DeeplyNestedDocument_IsRejectedNotCrashing()
    {
        var content = "cdiVersion: " + new string('[', 100_000) + new string(']', 100_000);

        var act = () => CdiSpecSerializer.Parse(content);

        act.Should().Throw<CdiParseException>();
    }

    [Fact]
    public void Parse_ExcessiveAliasing_IsRejected()
    {
        var builder = new System.Text.StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            builder.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var act = () => CdiSpecSerializer.Parse(builder.ToString());

        act.Should().Throw<CdiParseException>().Which.Message.Should().Contain("excessive aliasing");
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        FluentActions.Invoking(() => CdiSpecSerializer.Parse(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => CdiSpecSerializer.ToYaml(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => CdiSpecSerializer.ToJson(null!)).Should().Throw<ArgumentNullException>();
    }
}
