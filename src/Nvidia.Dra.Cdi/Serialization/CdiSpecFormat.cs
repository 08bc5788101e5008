namespace Nvidia.Dra.Cdi;

/// <summary>The encoding of a CDI spec file.</summary>
public enum CdiSpecFormat
{
    /// <summary>YAML (a <c>.yaml</c> file), starting with a <c>---</c> document marker.</summary>
    Yaml,

    /// <summary>Compact JSON (a <c>.json</c> file).</summary>
    Json,
}
