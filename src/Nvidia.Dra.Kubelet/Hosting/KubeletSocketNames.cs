using System.Security.Cryptography;
using System.Text;

namespace Nvidia.Dra.Kubelet;

/// <summary>
/// The socket file names kubelet and the Go helper agree on. With rolling updates the registration socket takes the
/// first of three names whose full path fits a Unix socket address (upstream's fallback order):
/// <c>&lt;driver&gt;-&lt;uid&gt;-reg.sock</c>, <c>&lt;driver&gt;-&lt;base64url(sha256(uid))[:8 bytes]&gt;-reg.sock</c>,
/// <c>dra-&lt;base64url(sha256(driver NUL uid))[:16 bytes]&gt;-reg.sock</c>.
/// </summary>
internal static class KubeletSocketNames
{
    public const string LockFileName = "serialize.lock";

    public static string DraSocket(string? podUid) => podUid is null ? "dra.sock" : $"dra-{podUid}.sock";

    public static string RegistrationSocket(string registrarDirectory, string driver, string? podUid)
    {
        if (podUid is null)
        {
            return $"{driver}-reg.sock";
        }

        string[] candidates =
        [
            $"{driver}-{podUid}-reg.sock",
            $"{driver}-{Hash(Encoding.UTF8.GetBytes(podUid), 8)}-reg.sock",
            $"dra-{Hash(Encoding.UTF8.GetBytes(driver + "\0" + podUid), 16)}-reg.sock",
        ];
        return candidates.FirstOrDefault(name => Fits(Path.Join(registrarDirectory, name))) ?? candidates[^1];
    }

    public static bool Fits(string path) => Encoding.UTF8.GetByteCount(path) <= SocketPathTooLongException.MaxPathBytes;

    private static string Hash(byte[] input, int bytes) =>
        Convert.ToBase64String(SHA256.HashData(input), 0, bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
