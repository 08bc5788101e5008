namespace Nvidia.Dra.Cdi.Tests.Model;

public class ModelTests
{
    [Fact]
    public void ContainerEdits_Append_ConcatenatesAndLaterIntelRdtWins()
    {
        var first = new ContainerEdits { Env = ["var0=val0"], IntelRdt = new IntelRdt { ClosId = "clos-1" }, AdditionalGids = [5] };
        var second = new ContainerEdits { Env = ["var1=val1"], DeviceNodes = [new DeviceNode("/dev/dev1")], AdditionalGids = [0, 5] };
        var third = new ContainerEdits { IntelRdt = new IntelRdt { ClosId = "clos-2" }, AdditionalGids = [6, 7, 6] };

        var merged = first.Append(second).Append(third);

        merged.Env.Should().Equal("var0=val0", "var1=val1");
        merged.DeviceNodes.Should().Equal(new DeviceNode("/dev/dev1"));
        merged.IntelRdt.Should().Be(new IntelRdt { ClosId = "clos-2" });
        merged.AdditionalGids.Should().Equal(5u, 0u, 5u, 6u, 7u, 6u);
        first.Append(ContainerEdits.Empty).Should().Be(first);
    }

    [Fact]
    public void Records_HaveValueEquality()
    {
        var a = new CdiSpec("0.3.0", "v.com/c") { Devices = [new CdiDevice("d", new ContainerEdits { Env = ["A=b"] })], Annotations = CdiAnnotations.From([new("k", "v")]) };
        var b = new CdiSpec("0.3.0", "v.com/c") { Devices = [new CdiDevice("d", new ContainerEdits { Env = ["A=b"] })], Annotations = CdiAnnotations.Empty.With("k", "v") };

        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
        (a with { Devices = [] }).Should().NotBe(b);
        new IntelRdt { Schemata = [] }.Should().NotBe(new IntelRdt());
    }

    [Fact]
    public void EquatableArray_DefaultIsEmpty()
    {
        EquatableArray<string> items = default;

        items.Count.Should().Be(0);
        items.Should().BeEmpty();
        (items == EquatableArray<string>.Empty).Should().BeTrue();
        ((EquatableArray<string>)(string[]?)null).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Spec_FindDevice_ByExactName()
    {
        var spec = TestSupport.Specs.Minimal(device: "gpu0");

        spec.FindDevice("gpu0").Should().NotBeNull();
        spec.FindDevice("GPU0").Should().BeNull();
    }
}
