using Nvidia.Dra.Core.Preparation;

namespace Nvidia.Dra.Core.Tests.Preparation;

/// <summary>
/// The limits a name-derived path is checked against before any side effect, at their edges: bytes, not characters,
/// and room kept for the temporary sibling (<c>.&lt;name&gt;.&lt;32 hex&gt;.tmp</c>, 38 bytes) of an atomic write.
/// </summary>
public sealed class PathSafetyTests
{
    private const int Room = 38;

    [Theory]
    [InlineData(PathSafety.MaxNameBytes - Room, false)]
    [InlineData(PathSafety.MaxNameBytes - Room + 1, true)]
    public void CheckLength_OneComponent_RefusedOnceItsTemporarySiblingWouldExceedTheNameLimit(int bytes, bool refused)
    {
        var path = "/var/run/cdi/" + new string('a', bytes);

        var problem = PathSafety.CheckLength(path);

        if (refused)
        {
            problem.Should().Contain("name limit").And.Contain($"({bytes} bytes)");
        }
        else
        {
            problem.Should().BeNull();
        }
    }

    [Fact]
    public void CheckLength_MultiByteName_CountsBytesNotCharacters()
    {
        // 110 two-byte characters: 220 bytes, within 255 as characters but not with the temporary sibling's room.
        PathSafety.CheckLength("/var/run/cdi/" + new string('é', 110)).Should().Contain("(220 bytes)");
    }

    [Theory]
    [InlineData(PathSafety.MaxPathBytes - Room, false)]
    [InlineData(PathSafety.MaxPathBytes - Room + 1, true)]
    public void CheckLength_WholePath_RefusedOnceItsTemporarySiblingWouldExceedThePathLimit(int bytes, bool refused)
    {
        // Components of 100 bytes: no single one is too long, only the whole.
        var components = new List<string>();
        var length = 0;
        while (length + 101 <= bytes)
        {
            components.Add(new string('d', 100));
            length += 101;
        }

        var path = "/" + string.Join('/', components) + "/" + new string('f', bytes - length - 1);
        path.Length.Should().Be(bytes);

        var problem = PathSafety.CheckLength(path);

        if (refused)
        {
            problem.Should().Contain("path limit");
        }
        else
        {
            problem.Should().BeNull();
        }
    }
}
