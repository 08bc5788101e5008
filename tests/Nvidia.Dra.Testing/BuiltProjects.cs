namespace Nvidia.Dra.Testing;

/// <summary>Where another project of this repository is built, for tests that run it as a separate process.</summary>
public static class BuiltProjects
{
    /// <summary>Gets a file of a project's build output, built with the tests in the same configuration.</summary>
    /// <param name="project">The project, e.g. <c>Nvidia.Dra.Cli</c>.</param>
    /// <param name="file">The file in its output, e.g. <c>nvdra.dll</c>.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="FileNotFoundException">The project was not built with the tests.</exception>
    public static string FileOf(string project, string file)
    {
        // artifacts/bin/<project>/<configuration>/: every project's output sits next to the test assembly's folder.
        var configuration = Path.GetFileName(AppContext.BaseDirectory.TrimEnd('/'));
        var path = Path.GetFullPath(Path.Join(AppContext.BaseDirectory, "..", "..", project, configuration, file));
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built with the tests ({path}); build the solution first", path);
    }
}
