using IvrGateway.Simulator.Cli;

return await SimulatorCommandLine.Create(CommandContext.ForConsole()).Parse(args).InvokeAsync();
