using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary>Reads a WebAssembly module for a job: binary <c>.wasm</c> as is, text <c>.wat</c> compiled with Wasmtime.</summary>
internal static class WasmModule
{
    /// <summary>Reads the module; a missing or invalid file is a configuration error naming <c>--module</c>.</summary>
    /// <param name="file">The file.</param>
    /// <returns>The module's binary bytes.</returns>
    public static byte[] Load(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            throw CommandFailedException.Configuration($"--module: {file.FullName} does not exist");
        }

        try
        {
            if (!file.Extension.Equals(".wat", StringComparison.OrdinalIgnoreCase))
            {
                return File.ReadAllBytes(file.FullName);
            }

            return Wasmtime.Module.ConvertText(File.ReadAllText(file.FullName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Wasmtime.WasmtimeException)
        {
            throw CommandFailedException.Configuration($"--module: cannot use {file.FullName}: {e.Message}");
        }
    }
}
