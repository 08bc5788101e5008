namespace Nvidia.Dra.Cdi;

/// <summary>
/// Spec file names as the reference library generates them. Names carry no extension; the writer appends
/// <c>.yaml</c> unless the name already ends in <c>.json</c> or <c>.yaml</c>.
/// </summary>
public static class CdiSpecNames
{
    /// <summary>The extension a name gets when it has neither <c>.json</c> nor <c>.yaml</c>.</summary>
    public const string DefaultExtension = ".yaml";

    /// <summary>Generates the name of the (single) spec of a vendor and class: <c>vendor-class</c>.</summary>
    /// <param name="vendor">The vendor, e.g. <c>nvidia.com</c>.</param>
    /// <param name="class">The class, e.g. <c>gpu</c>.</param>
    /// <returns>The name, e.g. <c>nvidia.com-gpu</c>.</returns>
    public static string GenerateSpecName(string vendor, string @class)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        ArgumentNullException.ThrowIfNull(@class);
        return vendor + "-" + @class;
    }

    /// <summary>
    /// Generates the name of a transient spec tied to some entity (a claim, a container):
    /// <c>vendor-class_id</c>, with every <c>/</c> in the id replaced by <c>_</c>.
    /// </summary>
    /// <param name="vendor">The vendor.</param>
    /// <param name="class">The class.</param>
    /// <param name="transientId">The entity's unique id, e.g. a claim UID.</param>
    /// <returns>The name, e.g. <c>k8s.gpu.nvidia.com-claim_0f1e…</c>.</returns>
    public static string GenerateTransientSpecName(string vendor, string @class, string transientId)
    {
        ArgumentNullException.ThrowIfNull(transientId);
        return GenerateSpecName(vendor, @class) + "_" + transientId.Replace('/', '_');
    }

    /// <summary>Generates <see cref="GenerateSpecName"/> for the vendor and class of the spec's kind.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns>The name.</returns>
    /// <exception cref="CdiNameException">The kind has no <c>/</c> or an empty side.</exception>
    public static string GenerateNameForSpec(CdiSpec spec)
    {
        var (vendor, @class) = SplitKind(spec);
        return GenerateSpecName(vendor, @class);
    }

    /// <summary>Generates <see cref="GenerateTransientSpecName"/> for the vendor and class of the spec's kind.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="transientId">The entity's unique id.</param>
    /// <returns>The name.</returns>
    /// <exception cref="CdiNameException">The kind has no <c>/</c> or an empty side.</exception>
    public static string GenerateNameForTransientSpec(CdiSpec spec, string transientId)
    {
        var (vendor, @class) = SplitKind(spec);
        return GenerateTransientSpecName(vendor, @class, transientId);
    }

    /// <summary>Turns a spec name into its file name: <c>.yaml</c> is appended unless it ends in <c>.json</c> or <c>.yaml</c>.</summary>
    /// <param name="name">The spec name.</param>
    /// <returns>The file name (so <c>foo.yml</c> becomes <c>foo.yml.yaml</c>).</returns>
    public static string ToFileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal)
            ? name
            : name + DefaultExtension;
    }

    /// <summary>
    /// Checks that a spec name is a plain file name that stays inside its directory: not empty, not <c>.</c> or
    /// <c>..</c>, no <c>/</c>, <c>\</c> or NUL, at most 255 bytes once the extension is added.
    /// </summary>
    /// <param name="name">The spec name.</param>
    /// <returns><see langword="null"/> when safe, otherwise the reason.</returns>
    public static string? ValidateFileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "the spec name is empty; generate one with CdiSpecNames.GenerateNameForTransientSpec";
        }

        if (name is "." or ".." || name.AsSpan().IndexOfAny('/', '\\', '\0') >= 0)
        {
            return $"the spec name \"{name}\" could escape the spec directory; use a plain file name without '/', '\\', NUL, '.' or '..'";
        }

        return System.Text.Encoding.UTF8.GetByteCount(ToFileName(name)) > 255
            ? $"the spec name \"{name}\" is longer than a file name may be (255 bytes); use a shorter transient id"
            : null;
    }

    private static (string Vendor, string Class) SplitKind(CdiSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (vendor, @class) = CdiNames.ParseKind(spec.Kind ?? string.Empty);
        return vendor.Length == 0
            ? throw new CdiNameException(spec.Kind ?? string.Empty, $"invalid vendor/class \"{spec.Kind}\" in Spec; set kind to vendor/class, e.g. nvidia.com/gpu")
            : (vendor, @class);
    }
}
