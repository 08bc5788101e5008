using System.IO.Abstractions;
using System.Text;

namespace Nvidia.Dra.Cdi;

/// <summary>Reads spec files (strict UTF-8, as the reference YAML decoder requires).</summary>
public static class CdiSpecFile
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads, decodes and validates a spec file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="fileSystem">The file system; the real one when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The valid spec.</returns>
    /// <exception cref="CdiSpecException">The file is not a valid spec (a <see cref="CdiParseException"/> when undecodable).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static async Task<CdiSpec> LoadAsync(string path, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default)
    {
        var content = await ReadTextAsync(path, fileSystem, cancellationToken).ConfigureAwait(false);
        return CdiSpecSerializer.Load(content, path);
    }

    /// <summary>Reads and decodes a spec file without validating it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="fileSystem">The file system; the real one when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="CdiParseException">The file is not decodable.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static async Task<CdiSpec> ParseAsync(string path, IFileSystem? fileSystem = null, CancellationToken cancellationToken = default)
    {
        var content = await ReadTextAsync(path, fileSystem, cancellationToken).ConfigureAwait(false);
        return CdiSpecSerializer.Parse(content, path);
    }

    private static async Task<string> ReadTextAsync(string path, IFileSystem? fileSystem, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = await (fileSystem ?? new FileSystem()).File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var start = bytes.AsSpan().StartsWith("\xEF\xBB\xBF"u8) ? 3 : 0;
        try
        {
            return s_strictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            throw new CdiParseException(path, new CdiValidationProblem(string.Empty, $"failed to unmarshal CDI Spec: the file is not valid UTF-8 (byte offset {ex.Index + start}); save it as UTF-8"), ex);
        }
    }
}
