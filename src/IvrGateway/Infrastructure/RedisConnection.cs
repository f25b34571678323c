using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IvrGateway.Infrastructure;

internal static class RedisConnection
{
    /// <summary>One multiplexer for the process, as StackExchange.Redis intends.</summary>
    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>()
            .Bind(configuration.GetSection(RedisOptions.SectionName))
            .Configure(o =>
            {
                var fromContract = configuration.GetConnectionString("Redis");
                if (!string.IsNullOrWhiteSpace(fromContract))
                {
                    o.ConnectionString = fromContract;
                }
            })
            .Validate(o => TryParse(o.ConnectionString, out _), "ConnectionStrings:Redis is not a valid StackExchange.Redis connection string.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.KeyPrefix) && !o.KeyPrefix.Contains('{') && !o.KeyPrefix.Contains('}'), "Redis:KeyPrefix must be non-empty and must not contain braces (they mark Redis Cluster hash tags).")
            .Validate(o => o.AttemptTimeoutMilliseconds is >= 50 and <= 5000, "Redis:AttemptTimeoutMilliseconds must be between 50 and 5000.")
            .Validate(o => o.TotalTimeoutMilliseconds >= o.AttemptTimeoutMilliseconds && o.TotalTimeoutMilliseconds <= 10000, "Redis:TotalTimeoutMilliseconds must be at least the attempt timeout and at most 10000 (Twilio gives up after 15 s).")
            .Validate(o => o.ReadRetries is >= 0 and <= 5, "Redis:ReadRetries must be between 0 and 5.")
            .Validate(o => o.BreakSeconds is >= 1 and <= 60, "Redis:BreakSeconds must be between 1 and 60.")
            .Validate(o => o.CallerShards is >= 1 and <= 1024, "Redis:CallerShards must be between 1 and 1024 (the number of caller-shard hash tags).")
            .ValidateOnStart();

        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            TryParse(options.ConnectionString, out var config);
            // Start even when Redis is down (readiness reports it) and fail commands at once while
            // disconnected instead of queueing them past the caller's patience.
            config!.AbortOnConnectFail = false;
            config.BacklogPolicy = BacklogPolicy.FailFast;
            config.ConnectTimeout = Math.Min(config.ConnectTimeout, 2000);
            config.AsyncTimeout = Math.Min(config.AsyncTimeout, options.TotalTimeoutMilliseconds);
            config.SyncTimeout = Math.Min(config.SyncTimeout, options.TotalTimeoutMilliseconds);
            config.ReconnectRetryPolicy = new LinearRetry(250);
            // Socket work on the thread pool, not on StackExchange.Redis's dedicated threads: on a
            // small machine those threads' hand-offs and wake-ups cost more than the work itself
            // (measured by the benchmark in bench/).
            config.SocketManager = SocketManager.ThreadPool;
            return ConnectionMultiplexer.Connect(config);
        });
        // An older Redis than the scripts need stops the start, naming the requirement.
        services.AddHostedService<RedisVersionCheck>();
        services.AddOptions<Redis.RetentionOptions>().BindConfiguration(Redis.RetentionOptions.SectionName);
        services.AddSingleton(sp => new RedisKeyspace(sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
        return services;
    }

    private static bool TryParse(string value, out ConfigurationOptions? config)
    {
        try
        {
            config = ConfigurationOptions.Parse(value);
            return config.EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            config = null;
            return false;
        }
    }
}
