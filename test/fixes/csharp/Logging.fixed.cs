using Serilog;

public static class Logging
{
    public static ILogger Create() =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console()
            .CreateLogger();
}
