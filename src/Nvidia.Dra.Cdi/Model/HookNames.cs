using System.Collections.Immutable;

namespace Nvidia.Dra.Cdi;

/// <summary>The OCI hook names a CDI spec may use (case-sensitive).</summary>
public static class HookNames
{
    /// <summary>The legacy OCI <c>prestart</c> hook (accepted by the reference library).</summary>
    public const string Prestart = "prestart";

    /// <summary>The OCI <c>createRuntime</c> hook.</summary>
    public const string CreateRuntime = "createRuntime";

    /// <summary>The OCI <c>createContainer</c> hook.</summary>
    public const string CreateContainer = "createContainer";

    /// <summary>The OCI <c>startContainer</c> hook.</summary>
    public const string StartContainer = "startContainer";

    /// <summary>The OCI <c>poststart</c> hook.</summary>
    public const string Poststart = "poststart";

    /// <summary>The OCI <c>poststop</c> hook.</summary>
    public const string Poststop = "poststop";

    /// <summary>Gets every valid hook name.</summary>
    public static ImmutableArray<string> All { get; } =
        [Prestart, CreateRuntime, CreateContainer, StartContainer, Poststart, Poststop];
}
