using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Nvidia.Dra.Kubelet.Protocol.V1;
using Nvidia.Dra.Kubelet.Registration.Protos;
using Nvidia.Dra.Testing.SimulatedDriver;

namespace Nvidia.Dra.Samples.Tests.Cli;

/// <summary>
/// <c>nvdra demo --serve</c> as an outside client sees it: a separate process that prints its endpoints, answers on
/// them (health, registration, a prepare by reference of the claim it printed), and on SIGTERM exits 0 and removes
/// its sockets.
/// </summary>
public sealed partial class DemoServeTests
{
    // Start-up JIT-compiles the driver and Kestrel twice over on a loaded machine: generous, but bounded.
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Serve_PrintsEndpoints_PreparesThePrintedClaimOverTheSocket_AndStopsCleanlyOnSigterm()
    {
        using var nvdra = StartServe();
        try
        {
            using var startup = new CancellationTokenSource(StartBound);
            var registrationLine = await ReadLineAsync(nvdra, startup.Token);
            var draLine = await ReadLineAsync(nvdra, startup.Token);
            var healthLine = await ReadLineAsync(nvdra, startup.Token);
            var claimLine = await ReadLineAsync(nvdra, startup.Token);

            var registrationSocket = Match(RegistrationLine(), registrationLine);
            var draSocket = Match(DraLine(), draLine);
            var health = new Uri(Match(HealthLine(), healthLine));
            var claim = ClaimLine().Match(claimLine);
            claim.Success.Should().BeTrue($"the fourth line names the claim to prepare, got '{claimLine}'");
            Path.IsPathFullyQualified(registrationSocket).Should().BeTrue();
            Path.IsPathFullyQualified(draSocket).Should().BeTrue();
            File.Exists(registrationSocket).Should().BeTrue("the registration socket listens once the lines are printed");
            File.Exists(draSocket).Should().BeTrue("the DRA socket listens once the lines are printed");
            health.Host.Should().Be("127.0.0.1");
            health.AbsolutePath.Should().Be("/healthz");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            // Liveness holds before kubelet registers the plugin; readiness waits for NotifyRegistrationStatus(true).
            var live = await http.GetAsync(health);
            var notReady = await http.GetAsync(new Uri(health, "/readyz"));
            using var registrationChannel = UnixSocketChannel.Create(registrationSocket);
            var registration = new Registration.RegistrationClient(registrationChannel);
            var info = await registration.GetInfoAsync(new InfoRequest());
            await registration.NotifyRegistrationStatusAsync(new RegistrationStatus { PluginRegistered = true });
            var ready = await http.GetAsync(new Uri(health, "/readyz"));

            live.StatusCode.Should().Be(HttpStatusCode.OK);
            (await live.Content.ReadAsStringAsync()).Should().Contain("dra socket: ok").And.Contain("has not called NotifyRegistrationStatus");
            notReady.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            info.Endpoint.Should().Be(draSocket);
            ready.StatusCode.Should().Be(HttpStatusCode.OK);

            var reference = new Claim { Namespace = claim.Groups["ns"].Value, Name = claim.Groups["name"].Value, Uid = claim.Groups["uid"].Value };
            using var draChannel = UnixSocketChannel.Create(draSocket);
            var dra = new DRAPlugin.DRAPluginClient(draChannel);
            var prepared = await dra.NodePrepareResourcesAsync(new NodePrepareResourcesRequest { Claims = { reference } });

            var result = prepared.Claims[reference.Uid];
            result.Error.Should().BeEmpty();
            result.Devices.Should().ContainSingle().Which.DeviceName.Should().Be(claim.Groups["device"].Value);
            result.Devices[0].CdiDeviceIds.Should().NotBeEmpty();

            await SignalAsync(nvdra.Id, "TERM");
            using var stop = new CancellationTokenSource(StopBound);
            await nvdra.WaitForExitAsync(stop.Token);

            nvdra.ExitCode.Should().Be(0, await nvdra.StandardError.ReadToEndAsync());
            File.Exists(registrationSocket).Should().BeFalse();
            File.Exists(draSocket).Should().BeFalse();
        }
        finally
        {
            if (!nvdra.HasExited)
            {
                nvdra.Kill(entireProcessTree: true);
                await nvdra.WaitForExitAsync();
            }
        }
    }

    private static Process StartServe()
    {
        var dll = Nvdra.BuiltDll();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dll, "demo", "--serve" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static async Task<string> ReadLineAsync(Process nvdra, CancellationToken cancellationToken)
    {
        var line = await nvdra.StandardOutput.ReadLineAsync(cancellationToken);
        line.Should().NotBeNull($"nvdra demo --serve keeps running and prints its endpoints; stderr: {(nvdra.HasExited ? await nvdra.StandardError.ReadToEndAsync(cancellationToken) : "(running)")}");
        return line!;
    }

    private static string Match(Regex pattern, string line)
    {
        var match = pattern.Match(line);
        match.Success.Should().BeTrue($"'{line}' has the form {pattern}");
        return match.Groups["value"].Value;
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        kill.ExitCode.Should().Be(0, $"kill -s {signal} {pid} reaches the child");
    }

    [GeneratedRegex("^registration socket: (?<value>/.+)$")]
    private static partial Regex RegistrationLine();

    [GeneratedRegex("^dra socket: (?<value>/.+)$")]
    private static partial Regex DraLine();

    [GeneratedRegex(@"^health: (?<value>http://127\.0\.0\.1:[0-9]+/healthz)$")]
    private static partial Regex HealthLine();

    [GeneratedRegex(@"^claim: (?<ns>[a-z0-9-]+)/(?<name>[a-z0-9-]+) uid (?<uid>[0-9a-f-]{36}) \(device (?<device>[a-z0-9-]+),")]
    private static partial Regex ClaimLine();
}
