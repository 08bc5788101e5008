using System.Diagnostics;

namespace Nvidia.Dra.Kubelet.Tests.Registration.Support;

/// <summary>
/// A fact that talks to the server with curl (nghttp2), a real HTTP/2 client that is not .NET. eng/install-test-deps.sh
/// installs it; the fact is skipped, with the reason, only where curl with HTTP/2 is absent.
/// </summary>
public sealed class CurlFactAttribute : FactAttribute
{
    private static readonly string? Missing = Probe();

    public CurlFactAttribute()
    {
        if (Missing is not null)
        {
            Skip = Missing;
        }
    }

    private static string? Probe()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("curl", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output.Contains("HTTP2", StringComparison.Ordinal) ? null : "curl is built without HTTP/2 (nghttp2); run eng/install-test-deps.sh.";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "curl is not installed; run eng/install-test-deps.sh.";
        }
    }
}
