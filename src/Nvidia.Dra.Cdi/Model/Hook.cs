namespace Nvidia.Dra.Cdi;

/// <summary>An OCI hook to add (keys <c>hookName</c>, <c>path</c>, <c>args</c>, <c>env</c>, <c>timeout</c>).</summary>
/// <param name="HookName">The OCI hook point, e.g. <c>createContainer</c> (see <see cref="HookNames"/>).</param>
/// <param name="Path">The executable to run.</param>
public sealed record Hook(string HookName, string Path)
{
    /// <summary>Gets the arguments, including <c>argv[0]</c>.</summary>
    public EquatableArray<string> Args { get; init; }

    /// <summary>Gets the environment of the hook, each <c>NAME=value</c>.</summary>
    public EquatableArray<string> Env { get; init; }

    /// <summary>Gets the timeout in seconds, or <see langword="null"/>.</summary>
    public long? Timeout { get; init; }
}
