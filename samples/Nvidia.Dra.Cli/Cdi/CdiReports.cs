using System.Text.Json.Serialization;

namespace Nvidia.Dra.Cli.Cdi;

/// <summary>What <c>nvdra cdi validate --json</c> prints: one entry per file, then the counts.</summary>
internal sealed record CdiValidateReport(IReadOnlyList<CdiFileReport> Files, int Valid, int Invalid, int Unreadable);

/// <summary>One file's verdict (<c>valid</c>, <c>invalid</c>, <c>unreadable</c>) with its facts or problems.</summary>
internal sealed record CdiFileReport(
    string File,
    string Verdict,
    string? Kind = null,
    string? CdiVersion = null,
    string? MinimumVersion = null,
    IReadOnlyList<string>? Devices = null,
    IReadOnlyList<CdiProblemReport>? Problems = null)
{
    /// <summary>Gets a value indicating whether the file itself could not be read (as opposed to decoded).</summary>
    [JsonIgnore]
    public bool NotRead { get; init; }
}

/// <summary>One problem: where in the document (empty for the whole file) and what.</summary>
internal sealed record CdiProblemReport(string Path, string Message);

/// <summary>What <c>nvdra cdi version --json</c> prints.</summary>
internal sealed record CdiVersionReport(string File, string MinimumVersion);

/// <summary>Source-generated JSON for the cdi commands' output.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CdiValidateReport))]
[JsonSerializable(typeof(CdiVersionReport))]
internal sealed partial class CdiCliJsonContext : JsonSerializerContext
{
}
