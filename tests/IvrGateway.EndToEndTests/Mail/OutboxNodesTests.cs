using IvrGateway.Testing.Mail;
using IvrGateway.Testing.Redis;
using MimeKit;

namespace IvrGateway.EndToEndTests.Mail;

/// <summary>
/// The durable outbox on real processes: two gateway nodes on one Redis send every invitation and reminder once, and a
/// node killed (SIGKILL) in the middle of a send loses nothing: another node sends it after the lease, under the same
/// Message-ID. Its own Redis, SMTP server and gateways, so the shared end-to-end gateway is untouched.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class OutboxNodesTests
{
    private static readonly string[] Invitees = ["Nadia North", "Omar Ortiz", "Pia Park"];

    [Test]
    public async Task Two_nodes_send_every_invitation_and_reminder_exactly_once()
    {
        using var redis = RedisServer.Start();
        using var smtp = SmtpTestServer.Start();
        using var logs = new NodeLogs("two-nodes");
        using var first = await StartNodeAsync(redis, smtp, logs.For("a"));
        using var second = await StartNodeAsync(redis, smtp, logs.For("b"), first.Secrets);
        using var api = new ManagementApi(first.BaseUrl, first.Secrets);
        var emails = await ScheduleAsync(api, Token);

        // Three invitations now; three reminders about ten seconds later (the reminder is 19 min 50 s before a start 20 min away).
        var arrived = await WaitForAsync(smtp, emails, 6, TimeSpan.FromSeconds(45));
        await Task.Delay(TimeSpan.FromSeconds(4), Token); // a second copy from the other node would come within a poll or two

        var toInvitees = ToInvitees(smtp.Messages, emails);
        Describe(smtp.Messages);
        Assert.Multiple(() =>
        {
            Assert.That(arrived, Is.EqualTo(6));
            Assert.That(toInvitees, Has.Count.EqualTo(6), "each message once: no node sent one the other had claimed");
            Assert.That(toInvitees.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(6));
            Assert.That(toInvitees.Count(m => m.Subject?.StartsWith("Reminder", StringComparison.Ordinal) == true), Is.EqualTo(3));
            foreach (var email in emails)
            {
                Assert.That(toInvitees.Count(m => m.To.Mailboxes.Any(b => b.Address == email)), Is.EqualTo(2), email + ": an invitation and a reminder");
            }
        });
    }

    [Test]
    public async Task A_node_killed_mid_send_loses_no_message_and_another_node_sends_it_under_the_same_message_id()
    {
        using var redis = RedisServer.Start();
        using var smtp = SmtpTestServer.Start();
        using var logs = new NodeLogs("killed-node");
        var doomed = await StartNodeAsync(redis, smtp, logs.For("a"));
        using var api = new ManagementApi(doomed.BaseUrl, doomed.Secrets);
        smtp.Hold();
        var emails = await ScheduleAsync(api, Token);
        await smtp.Holding.WaitAsync(TimeSpan.FromSeconds(30), Token);

        doomed.Dispose(); // SIGKILL while the SMTP server holds its answer: the message is sent but never marked sent
        smtp.Release();
        using var survivor = await StartNodeAsync(redis, smtp, logs.For("b"), doomed.Secrets);
        // The survivor reclaims the dead node's claims once their lease (8 s) runs out.
        await WaitForAsync(smtp, emails, 6, TimeSpan.FromSeconds(60));

        var toInvitees = ToInvitees(smtp.Messages, emails);
        Describe(smtp.Messages);
        var byId = toInvitees.GroupBy(m => m.MessageId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(byId, Has.Count.EqualTo(6), "every invitation and reminder arrived: nothing lost");
            Assert.That(byId.Count(g => g.Count() > 1), Is.LessThanOrEqualTo(1), "at most the message in flight was sent twice");
            Assert.That(byId.All(g => g.Select(m => m.Subject).Distinct().Count() == 1), Is.True, "a repeat is the same message, recognisable by its id");
        });
    }

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    private static async Task<List<string>> ScheduleAsync(ManagementApi api, CancellationToken ct)
    {
        var organizer = await api.NewOrganizerAsync("Mail Nodes", ct);
        var contacts = new List<Contact>();
        foreach (var name in Invitees)
        {
            contacts.Add(await organizer.AddContactAsync(name, ct));
        }
        await organizer.ScheduleAsync(TimeSpan.FromMinutes(20), new { passcodeMode = "unique" }, contacts.Select(c => c.Id).ToList(), ct);
        return Invitees.Select(n => new string(n.ToLowerInvariant().Where(char.IsAsciiLetter).ToArray()) + "@example.com").ToList();
    }

    private static void Describe(IEnumerable<MimeMessage> messages)
    {
        foreach (var m in messages)
        {
            TestContext.Out.WriteLine($"{m.Date:HH:mm:ss} {m.MessageId} to {m.To} : {m.Subject}");
        }
    }

    private static List<MimeMessage> ToInvitees(IEnumerable<MimeMessage> messages, List<string> emails) =>
        messages.Where(m => m.To.Mailboxes.Any(b => emails.Contains(b.Address))).ToList();

    private static async Task<int> WaitForAsync(SmtpTestServer smtp, List<string> emails, int count, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (ToInvitees(smtp.Messages, emails).Select(m => m.MessageId).Distinct().Count() < count && waited.Elapsed < timeout)
        {
            await Task.Delay(200);
        }
        return ToInvitees(smtp.Messages, emails).Select(m => m.MessageId).Distinct().Count();
    }

    private static Task<GatewayProcess> StartNodeAsync(RedisServer redis, SmtpTestServer smtp, ProcessLog log, GatewaySecrets? secrets = null)
    {
        var settings = smtp.GatewaySettings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        settings["Mail__Smtp__TimeoutSeconds"] = "3";
        settings["Mail__Outbox__PollSeconds"] = "1";
        settings["Mail__Outbox__LeaseSeconds"] = "8";
        settings["Mail__Reminders__0"] = "00:19:50";
        return GatewayProcess.StartAsync(GatewayProcess.BuiltDll(), redis.ConnectionString, log, Token, settings, secrets);
    }
}
