using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nvidia.Dra.Driver;

if (!DriverCommandLine.TryParse(args, Environment.GetEnvironmentVariable, out var settings, out var parseError))
{
    var help = parseError == DriverCommandLine.Usage;
    (help ? Console.Out : Console.Error).WriteLine(help ? parseError : $"nvidia-dra-driver: {parseError}");
    return help ? 0 : 2;
}

using var host = DriverHostBuilder.Create(settings).Build();
try
{
    await host.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (OptionsValidationException ex)
{
    foreach (var failure in ex.Failures)
    {
        Console.Error.WriteLine($"nvidia-dra-driver: {failure}");
    }

    return 2;
}
catch (Exception ex) when (ex is Nvidia.Dra.Core.NvidiaDraException or Nvidia.Dra.Kubelet.KubeletException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"nvidia-dra-driver: {ex.Message.ReplaceLineEndings(" ")}");
    return 1;
}
