using System.Buffers.Binary;
using System.Diagnostics;

namespace Nvidia.Dra.Kubelet.Tests.Registration.Support;

/// <summary>What curl saw of one gRPC call: headers and trailers (lower-cased names) and the response message.</summary>
public sealed record CurlGrpcResult(int ExitCode, int HttpStatus, IReadOnlyDictionary<string, string> Headers, byte[]? Message, string Stderr)
{
    public int? GrpcStatus => Headers.TryGetValue("grpc-status", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public string? GrpcMessage => Headers.GetValueOrDefault("grpc-message");
}

/// <summary>Runs a unary gRPC call with curl over a Unix socket (HTTP/2 with prior knowledge).</summary>
public static class CurlGrpc
{
    /// <param name="socketPath">The server's socket.</param>
    /// <param name="path">The gRPC method path, e.g. /pluginregistration.Registration/GetInfo.</param>
    /// <param name="message">The serialized request message (framed here with the 5-octet gRPC prefix).</param>
    /// <param name="authority">The <c>:authority</c> to send (curl sends the Host header as :authority); null keeps the URL's "localhost".</param>
    public static async Task<CurlGrpcResult> CallAsync(string socketPath, string path, byte[] message, string? authority = null)
    {
        var body = Frame(message);
        var workDirectory = Directory.CreateTempSubdirectory("kcurl-");
        try
        {
            var bodyFile = Path.Combine(workDirectory.FullName, "body");
            var outFile = Path.Combine(workDirectory.FullName, "out");
            var headerFile = Path.Combine(workDirectory.FullName, "headers");
            await File.WriteAllBytesAsync(bodyFile, body);

            var start = new ProcessStartInfo("curl") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[]
            {
                "--silent", "--show-error", "--http2-prior-knowledge", "--unix-socket", socketPath, "--max-time", "20",
                "-X", "POST", "-H", "content-type: application/grpc", "-H", "te: trailers",
                "--data-binary", "@" + bodyFile, "--dump-header", headerFile, "--output", outFile,
            })
            {
                start.ArgumentList.Add(argument);
            }

            if (authority is not null)
            {
                start.ArgumentList.Add("-H");
                start.ArgumentList.Add("Host: " + authority);
            }

            start.ArgumentList.Add("http://localhost" + path);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            var status = 0;
            if (File.Exists(headerFile))
            {
                foreach (var line in await File.ReadAllLinesAsync(headerFile))
                {
                    if (line.StartsWith("HTTP/2 ", StringComparison.Ordinal))
                    {
                        status = int.Parse(line.AsSpan(7, 3), System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
                    {
                        headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
                    }
                }
            }

            byte[]? responseMessage = null;
            if (File.Exists(outFile))
            {
                var octets = await File.ReadAllBytesAsync(outFile);
                if (octets.Length >= 5)
                {
                    var length = (int)BinaryPrimitives.ReadUInt32BigEndian(octets.AsSpan(1));
                    octets.Length.Should().Be(5 + length, "the response body is exactly one length-prefixed gRPC message");
                    octets[0].Should().Be(0, "the response is not compressed");
                    responseMessage = octets[5..];
                }
            }

            return new CurlGrpcResult(process.ExitCode, status, headers, responseMessage, await stderr);
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    public static byte[] Frame(byte[] message)
    {
        var framed = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed.AsSpan(5));
        return framed;
    }
}
