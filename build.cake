// Build entry point: dotnet tool restore && dotnet cake [--target=Test|Pack|...] [--configuration=Release]
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");

var solution = File("./Nvidia.Dra.slnx");
var artifacts = Directory("./artifacts");
var packages = artifacts + Directory("packages");
var testResults = artifacts + Directory("test-results");
var libraries = new[] { "Cdi", "Vfio", "Nvml", "Core" }
    .Select(name => File($"./src/Nvidia.Dra.{name}/Nvidia.Dra.{name}.csproj"))
    .ToArray();

Task("Clean")
    .WithCriteria(() => !BuildSystem.IsRunningOnGitHubActions && EnvironmentVariable("CI") != "true")
    .Does(() => CleanDirectory(artifacts));

Task("Restore")
    .IsDependentOn("Clean")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
        MSBuildSettings = new DotNetMSBuildSettings().TreatAllWarningsAs(MSBuildTreatAllWarningsAs.Error),
    }));

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
    {
        foreach (var project in GetFiles("./tests/**/*.Tests.csproj"))
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                Loggers = { $"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx" },
                ResultsDirectory = testResults,
            });
        }
    });

// nvdra published with native AOT: trim and AOT warnings are errors (needs clang and zlib1g-dev).
Task("ValidateAot")
    .IsDependentOn("Test")
    .Does(() => DotNetPublish("./samples/Nvidia.Dra.Cli/Nvidia.Dra.Cli.csproj", new DotNetPublishSettings
    {
        Configuration = "Release",
        Runtime = "linux-x64",
        OutputDirectory = artifacts + Directory("aot"),
        MSBuildSettings = new DotNetMSBuildSettings()
            .WithProperty("PublishAot", "true")
            .TreatAllWarningsAs(MSBuildTreatAllWarningsAs.Error),
    }));

// The four packages (package validation runs in pack) and the nvdra tool package, each required to carry its README.
Task("Pack")
    .IsDependentOn("ValidateAot")
    .Does(() =>
    {
        foreach (var project in libraries)
        {
            DotNetPack(project, new DotNetPackSettings
            {
                Configuration = configuration,
                NoBuild = true,
                OutputDirectory = packages,
            });
        }

        // The nvdra .NET tool (PackAsTool): its README, install steps and exit codes.
        DotNetPack("./samples/Nvidia.Dra.Cli/Nvidia.Dra.Cli.csproj", new DotNetPackSettings
        {
            Configuration = configuration,
            NoBuild = true,
            OutputDirectory = packages,
        });

        foreach (var package in GetFiles($"{packages}/*.nupkg"))
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(package.FullPath);
            if (zip.GetEntry("README.md") is null)
            {
                throw new CakeException($"{package.GetFilename()} has no README.md");
            }
        }
    });

Task("Default").IsDependentOn("Test");

RunTarget(target);
