using IvrGateway.Infrastructure;
using IvrGateway.Mail.Transport;
using Microsoft.Extensions.Options;

namespace IvrGateway.Mail.Outbox;

/// <summary>
/// Runs on every node: every <c>Mail:Outbox:PollSeconds</c> on the application's clock it sends what
/// is due. Nodes need no coordination: the claims in Redis decide who sends what.
/// </summary>
internal sealed class OutboxWorker(
    OutboxDispatcher dispatcher, OutboxFolder folder, IOptions<MailOptions> options, IHostEnvironment environment, TimeProvider clock, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.UsesSmtp && !environment.IsDevelopment())
        {
            // Legal (a staging node may want it), but in a real deployment nobody would read the folder.
            logger.LogWarning("Mail:Smtp:Host is not set: mail is written to {Folder} as .eml files and not sent", folder.Path);
        }
        using var timer = new PeriodicTimer(options.Value.Outbox.Poll, clock);
        try
        {
            do
            {
                try
                {
                    await dispatcher.DispatchDueAsync(stoppingToken);
                }
                catch (StoreUnavailableException)
                {
                    logger.LogDebug("Outbox not polled: Redis is unavailable");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad round must not stop mail on this node for good; the exception type only (it may quote stored data).
                    logger.LogError("Outbox round failed with {ExceptionType}", e.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
