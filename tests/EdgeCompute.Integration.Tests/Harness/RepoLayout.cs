namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>Where the repository and the built <c>edgecompute.dll</c> of this test run's configuration are.</summary>
internal static class RepoLayout
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>Gets the repository root (the folder holding EdgeCompute.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>Gets the configuration this test assembly was built in (Release or Debug), read from its path.</summary>
    public static string Configuration
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            // …/bin/<configuration>/net10.0/
            return folder.Parent?.Name is { Length: > 0 } name && folder.Parent.Parent?.Name == "bin" ? name : "Release";
        }
    }

    /// <summary>Gets the edgecompute command's assembly, built next to the CLI project.</summary>
    public static string EdgeComputeDll
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, "cli", "EdgeCompute.Cli", "bin", Configuration, "net10.0", "edgecompute.dll");
            if (!File.Exists(path))
            {
                Assert.Fail($"{path} is missing: build tests/EdgeCompute.Integration.Tests (it references the CLI) in {Configuration}");
            }

            return path;
        }
    }

    /// <summary>Gets the gateway service's assembly (<c>edgecompute-gateway.dll</c>, what the systemd unit runs), built with the CLI that references it.</summary>
    public static string GatewayServiceDll
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, "gateway", "EdgeCompute.Gateway.Service", "bin", Configuration, "net10.0", "edgecompute-gateway.dll");
            if (!File.Exists(path))
            {
                Assert.Fail($"{path} is missing: build tests/EdgeCompute.Integration.Tests (it references the service) in {Configuration}");
            }

            return path;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeCompute.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no EdgeCompute.sln above {AppContext.BaseDirectory}");
    }
}
