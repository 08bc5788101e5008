namespace Nvidia.Dra.Cdi;

/// <summary>Writes and removes CDI spec files in one directory, atomically.</summary>
public interface ICdiSpecWriter
{
    /// <summary>Gets the directory specs are written to.</summary>
    string Directory { get; }

    /// <summary>
    /// Validates the spec and writes it as <paramref name="name"/> (plus <c>.yaml</c> unless the name ends in
    /// <c>.json</c> or <c>.yaml</c>, which also picks the encoding), replacing any previous file atomically.
    /// </summary>
    /// <param name="spec">The spec.</param>
    /// <param name="name">The spec name, a plain file name (see <see cref="CdiSpecNames"/>).</param>
    /// <param name="cancellationToken">Cancels the write; the previous file, if any, stays.</param>
    /// <returns>The path written.</returns>
    /// <exception cref="CdiSpecException">The spec is invalid; nothing was written.</exception>
    /// <exception cref="CdiNameException">The name is empty or could escape the directory; nothing was written.</exception>
    /// <exception cref="CdiException">The file system refused the write; the previous file, if any, stays.</exception>
    Task<string> WriteAsync(CdiSpec spec, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a transient spec under the reference name <c>vendor-class_id.yaml</c> derived from its kind and
    /// <paramref name="transientId"/> (e.g. a claim UID).
    /// </summary>
    /// <param name="spec">The spec.</param>
    /// <param name="transientId">The id the spec's lifetime is tied to.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The path written.</returns>
    /// <exception cref="CdiSpecException">The spec is invalid; nothing was written.</exception>
    /// <exception cref="CdiNameException">The resulting name is unsafe; nothing was written.</exception>
    /// <exception cref="CdiException">The file system refused the write.</exception>
    Task<string> WriteTransientAsync(CdiSpec spec, string transientId, CancellationToken cancellationToken = default);

    /// <summary>Removes the spec written as <paramref name="name"/>; a missing file is not an error.</summary>
    /// <param name="name">The spec name.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>Whether a file was removed.</returns>
    /// <exception cref="CdiNameException">The name is empty or could escape the directory.</exception>
    Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Removes the transient spec of a kind and id; a missing file is not an error.</summary>
    /// <param name="kind">The spec's kind, <c>vendor/class</c>.</param>
    /// <param name="transientId">The id the spec was written for.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>Whether a file was removed.</returns>
    Task<bool> RemoveTransientAsync(string kind, string transientId, CancellationToken cancellationToken = default);
}
