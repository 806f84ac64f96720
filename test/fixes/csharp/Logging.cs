using Serilog;

public static class Logging
{
    public static ILogger Create() =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.File("logs/app.log", rollingInterval: RollingInterval.Day)
            .CreateLogger();
}
