using EdgeCompute.Cli;
using EdgeCompute.Cli.Hosting;

// The edgecompute command: every command group is registered in EdgeComputeCommand; Ctrl+C cancels the running command.
return await EdgeComputeCommand.RunAsync(args, new CliContext()).ConfigureAwait(false);
