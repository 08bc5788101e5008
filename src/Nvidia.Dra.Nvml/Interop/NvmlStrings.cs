using System.Text;

namespace Nvidia.Dra.Nvml.Interop;

/// <summary>Reads and writes the NUL-terminated UTF-8 strings of NVML's fixed-size buffers.</summary>
internal static class NvmlStrings
{
    /// <summary>The text up to the first NUL, or the whole buffer if NVML filled it without one.</summary>
    public static string Decode(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? buffer : buffer[..end]);
    }

    /// <summary>Writes <paramref name="text"/> NUL-terminated, truncated to fit (fakes fill buffers with it).</summary>
    public static void Encode(string text, Span<byte> buffer)
    {
        buffer.Clear();
        if (buffer.IsEmpty)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var length = Math.Min(bytes.Length, buffer.Length - 1);
        bytes.AsSpan(0, length).CopyTo(buffer);
    }
}
