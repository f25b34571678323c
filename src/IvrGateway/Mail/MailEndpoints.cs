using System.Globalization;
using System.Text.RegularExpressions;
using IvrGateway.Infrastructure;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Infrastructure.Http;
using IvrGateway.Mail.Composition;
using IvrGateway.Mail.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using MimeKit;

namespace IvrGateway.Mail;

/// <summary>A dead letter as ops see it: who it was for, what it was, how often it was tried and why it failed. Never its payload.</summary>
public sealed record DeadLetterView(
    string Id, string MessageId, string Kind, string? Recipient, string? SubjectId, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? DeadAt)
{
    internal static DeadLetterView From(OutboxRecord r) => new(r.Id, r.MessageId, r.Kind, r.Recipient, r.SubjectId, r.Attempts, r.LastError,
        Instant(r.CreatedAt), r.LastAttemptAt is { } tried ? Instant(tried) : null, r.DoneAt is { } dead ? Instant(dead) : null);

    private static DateTimeOffset Instant(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}

public sealed record DeadLetterPage(IReadOnlyList<DeadLetterView> DeadLetters, long Total);

/// <summary>A message the outbox accepted: its id and state.</summary>
public sealed record QueuedMail(string Id, string State);

internal sealed record TestMailRequest(string? To) : IValidatableRequest
{
    public void Validate(FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(To) || To.Length > 254 || !MailboxAddress.TryParse(To, out var address) || string.IsNullOrEmpty(address.Domain))
        {
            errors.Add("to", "to must be an e-mail address such as ops@example.com.");
        }
    }
}

internal static partial class MailEndpoints
{
    private const int MaxLimit = 500;

    /// <summary>The outbox for ops: dead letters and their retry, and a test message that checks the mail path.</summary>
    public static RouteGroupBuilder MapMailApi(this RouteGroupBuilder api)
    {
        var mail = api.MapGroup("/mail").RequireAuthorization(Policies.Ops).WithTags("Mail");
        mail.MapGet("/dead-letters", ListDeadLettersAsync).WithName("ListDeadLetters");
        mail.MapPost("/dead-letters/{id}/retry", RetryAsync).WithName("RetryDeadLetter");
        mail.MapPost("/test", SendTestAsync).WithName("SendTestMail").Accepts<TestMailRequest>("application/json");
        return api;
    }

    private static async Task<Results<Ok<DeadLetterPage>, ValidationProblem>> ListDeadLettersAsync(HttpRequest request, OutboxStore store, CancellationToken ct)
    {
        var limit = 100;
        if (request.Query.ContainsKey("limit")
            && (!int.TryParse(request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problems.Field("limit", $"limit must be between 1 and {MaxLimit}.");
        }
        var (messages, total) = await store.DeadLettersAsync(limit, ct);
        return TypedResults.Ok(new DeadLetterPage(messages.Select(DeadLetterView.From).ToList(), total));
    }

    private static async Task<Results<Accepted<QueuedMail>, ProblemHttpResult>> RetryAsync(string id, OutboxStore store, TimeProvider clock, CancellationToken ct)
    {
        var state = MessageIdPattern().IsMatch(id) ? await store.RetryDeadAsync(id, clock.GetUtcNow(), ct) : null;
        return state switch
        {
            null => Problems.NotFound("No message with this id in the outbox."),
            OutboxStates.Pending => TypedResults.Accepted((string?)null, new QueuedMail(id, state)),
            _ => Problems.Conflict($"The message is {state}, not a dead letter."),
        };
    }

    private static async Task<Accepted<QueuedMail>> SendTestAsync(JsonBody<TestMailRequest> body, OutboxStore store, TimeProvider clock, CancellationToken ct)
    {
        var to = body.Value.To!.Trim();
        // Every request is a new test message: its own idempotency key.
        var result = await store.EnqueueAsync(
            new MailRequest(TestMessageComposer.MessageKind, "test:" + Ids.Token(12), to, SubjectId: null, Payload: "{}"), clock.GetUtcNow(), ct);
        return TypedResults.Accepted((string?)null, new QueuedMail(result.Id, OutboxStates.Pending));
    }

    [GeneratedRegex("^mail_[a-z0-9]{16}$")]
    private static partial Regex MessageIdPattern();
}
