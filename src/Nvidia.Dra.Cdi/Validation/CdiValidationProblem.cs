namespace Nvidia.Dra.Cdi;

/// <summary>One problem in a CDI spec.</summary>
/// <param name="Path">
/// Where it is, as a path of JSON keys and list indexes, e.g. <c>devices[2].containerEdits.deviceNodes[0].path</c>;
/// empty for the document as a whole.
/// </param>
/// <param name="Message">What is wrong (the reference library's wording where it has one).</param>
public sealed record CdiValidationProblem(string Path, string Message)
{
    /// <summary>Formats the problem as <c>path: message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
