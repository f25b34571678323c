using System.Diagnostics;
using System.Globalization;
using System.Net;
using Ical.Net.CalendarComponents;
using IvrGateway.Testing.Forms;
using IvrGateway.Testing.Mail;
using IvrGateway.Testing.Redis;
using MimeKit;

namespace IvrGateway.EndToEndTests.Mail;

/// <summary>
/// Issue 11's "done when", through the portal's forms on two gateway processes that share one Redis and one real SMTP
/// server, as behind a load balancer: the organizer schedules on node A, reschedules on node B, invites one more contact
/// on B and removes another on A, and cancels on A. One reminder falls due before the cancel and one after it. The SMTP
/// server receives every expected message exactly once, the right secrets to the right people, and nothing more, although
/// the outbox workers of both nodes run throughout.
/// </summary>
[NonParallelizable]
[CancelAfter(480_000)]
public sealed class PortalNodesTests
{
    private const string Title = "Quarterly review";

    // The processes run on the real clock: the reminders are set close to a start the test chooses, so they fall due
    // while it runs. The second falls due 45 s after the first, after the cancel, and must never go out.
    private static readonly TimeSpan FirstReminder = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan SecondReminder = FirstReminder - TimeSpan.FromSeconds(45);

    // From the reschedule to the first reminder: room for the updates and for adding and removing an invitee on a loaded machine.
    private static readonly TimeSpan UntilFirstReminder = TimeSpan.FromSeconds(60);

    // Waits are generous (2 shared cores); no count is ever judged against a clock.
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    // Nothing new for this long after the last expected message: several polls of both nodes, each of which would have
    // sent a message claimed twice.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(6);

    private static readonly string[] Invited = ["Nadia North", "Omar Ortiz", "Pia Park"];
    private const string Removed = "Pia Park";
    private const string Added = "Quinn Quade";

    private NodeLogs? logs;

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    [TearDown]
    public void ShowTheNodeLogsOnFailure() => logs?.ShowOnFailure();

    [Test]
    public async Task Scheduling_rescheduling_changing_invitees_and_cancelling_in_the_portal_of_two_nodes_sends_every_message_exactly_once()
    {
        using var redis = RedisServer.Start();
        using var smtp = SmtpTestServer.Start();
        using var nodeLogs = logs = new NodeLogs("portal-nodes");
        using var a = await StartNodeAsync(redis, smtp, nodeLogs.For("a"), null, null);
        using var b = await StartNodeAsync(redis, smtp, nodeLogs.For("b"), a.Secrets, a.BaseUrl);
        using var api = new ManagementApi(a.BaseUrl, a.Secrets);

        // The organizer's account comes from the API; the password is set through the welcome mail's link.
        var organizer = await api.NewOrganizerAsync("Olivia Portal", Token);
        var contacts = new Dictionary<string, Contact>();
        foreach (var name in Invited.Append(Added))
        {
            contacts[name] = await organizer.AddContactAsync(name, Token);
        }
        var welcome = (await WaitForAsync(smtp, 1, StepTimeout, "the welcome mail")).Single();
        using var browser = await PortalSession.SignInAsync(welcome.TextBody ?? "", organizer.Account.Email, a);
        var onA = browser.On(a);
        var onB = browser.On(b);

        // Node A: schedule with three invitees from the address book, each with a passcode of their own.
        var firstStart = WholeSecond(Now + TimeSpan.FromHours(1));
        var schedule = new List<KeyValuePair<string, string>>
        {
            new("title", Title), new("date", Date(firstStart)), new("time", Time(firstStart)), new("duration", "30"), new("timeZone", "UTC"),
            new("waitForHost", "true"), new("oneTimeAccessCode", "true"), new("passcodeMode", "unique"), new("sharedPasscode", ""),
        };
        schedule.AddRange(Invited.Select(n => new KeyValuePair<string, string>("invitees", contacts[n].Id)));
        using var scheduled = await onA.PostFieldsAsync("/portal/meetings/new", schedule, "/portal/meetings/new");
        var page = await FollowAsync(onA, scheduled, "/portal/meetings/mtg_");
        var meetingPath = scheduled.Headers.Location!.OriginalString;
        var meetingId = meetingPath["/portal/meetings/".Length..];
        Assert.That(page, Does.Contain("Invitations are on their way."));
        var asScheduled = await MeetingAsync(organizer, meetingId);
        await WaitForAsync(smtp, 5, StepTimeout, "the three invitations and the organizer's copy");

        // Node B, which did not schedule it: the reschedule form and the meeting page, with the session node A opened.
        var reschedulePath = meetingPath + "/reschedule";
        Assert.That(await onB.GetPageAsync(reschedulePath), Does.Contain(Title));
        var rescheduledAt = Now;
        var movedStart = WholeSecond(rescheduledAt + FirstReminder + UntilFirstReminder);
        var firstReminderDue = movedStart - FirstReminder;
        var secondReminderDue = movedStart - SecondReminder;
        using var moved = await onB.PostFieldsAsync(reschedulePath,
            [new("title", Title), new("date", Date(movedStart)), new("time", Time(movedStart)), new("duration", "30"), new("timeZone", "UTC"), new("waitForHost", "true")],
            reschedulePath);
        Assert.That(await FollowAsync(onB, moved, meetingPath), Does.Contain("Everyone invited gets the update."));
        await WaitForAsync(smtp, 9, StepTimeout, "the four updates");

        // One more invitee on node B, one fewer on node A.
        using var add = await onB.PostFieldsAsync(meetingPath + "?handler=addInvitees", [new("contactIds", contacts[Added].Id)], meetingPath);
        Assert.That(await FollowAsync(onB, add, meetingPath), Does.Contain("Invited 1 contact."));
        using var remove = await onA.PostFormAsync(meetingPath + "?handler=removeInvitee", new() { ["contactId"] = contacts[Removed].Id }, meetingPath);
        Assert.That(await FollowAsync(onA, remove, meetingPath), Does.Contain($"Removed {Removed}."));
        Assert.That(Now, Is.LessThan(firstReminderDue),
            "adding and removing took so long on this machine that the first reminder fell due before they were done; nothing can be concluded");
        var asChanged = await MeetingAsync(organizer, meetingId);

        // The added invitee's invitation, the removed one's cancel, then the reminder to the four still invited.
        await WaitForAsync(smtp, 15, firstReminderDue - Now + StepTimeout, "the added invitee's invitation, the removed one's cancel and four reminders");

        // Node A: cancel, after the confirmation.
        using var asked = await onA.PostFormAsync(meetingPath + "?handler=cancel", new(), meetingPath);
        Assert.That(asked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await asked.Content.ReadAsStringAsync(), Does.Contain("Cancel this meeting?"));
        using var cancel = await onA.PostFormAsync(meetingPath + "?handler=cancelConfirmed", new(), meetingPath);
        var cancelledAt = Now;
        Assert.That(await FollowAsync(onA, cancel, meetingPath), Does.Contain("Everyone invited gets a cancellation."));
        Assert.That(cancelledAt, Is.LessThan(secondReminderDue),
            "the steps took so long on this machine that the second reminder fell due before the cancel; nothing can be concluded");
        await WaitForAsync(smtp, 19, StepTimeout, "the four cancels");

        // The second reminders fall due after the cancel: a node drops each (the removed invitee's first one too) instead of
        // sending it. Once all six are dropped, nothing due is left to send; then a quiet period for any second copy.
        var dropped = $"(meeting-reminder) dropped: its subject {meetingId} ";
        var waited = Stopwatch.StartNew();
        var deadline = secondReminderDue - Now + StepTimeout;
        while (nodeLogs.CountLines(dropped).Sum() < 6 && waited.Elapsed < deadline)
        {
            await Task.Delay(250, Token);
        }
        Assert.That(nodeLogs.CountLines(dropped).Sum(), Is.GreaterThanOrEqualTo(6), "the reminders due after the cancel (and the removed invitee's) were dropped");
        await WaitForQuietAsync(smtp);

        var received = smtp.Messages;
        Describe(received, nodeLogs);
        var passcodes = asChanged.Invitations.Select(i => (i.Name, i.Passcode!)).Concat(asScheduled.Invitations.Select(i => (i.Name, i.Passcode!)))
            .Distinct().ToDictionary(p => p.Name, p => p.Item2);
        var joinUrls = asChanged.Invitations.Concat(asScheduled.Invitations).DistinctBy(i => i.Name).ToDictionary(i => i.Name, i => i.JoinUrl!);
        var email = contacts.Keys.ToDictionary(n => n, Address);
        email["organizer"] = organizer.Account.Email;
        var hostPin = organizer.Account.HostPin;

        Assert.Multiple(() =>
        {
            // Exactly the expected messages, each once.
            var expected = new List<string> { "organizer welcome", "organizer invitation", "organizer update", "organizer reminder", "organizer cancel" };
            foreach (var name in new[] { "Nadia North", "Omar Ortiz" })
            {
                expected.AddRange(new[] { "invitation", "update", "reminder", "cancel" }.Select(k => $"{name} {k}"));
            }
            expected.AddRange(new[] { "invitation", "update", "cancel" }.Select(k => $"{Removed} {k}"));
            expected.AddRange(new[] { "update", "reminder", "cancel" }.Select(k => $"{Added} {k}"));
            var who = email.ToDictionary(e => e.Value, e => e.Key);
            Assert.That(received.Select(m => $"{who.GetValueOrDefault(To(m), To(m))} {KindOf(m)}").Order(StringComparer.Ordinal),
                Is.EqualTo(expected.Order(StringComparer.Ordinal)), "each expected message, to each recipient, once");
            Assert.That(received.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(received.Count), "no Message-ID twice: neither node sent one the other had sent");
            Assert.That(received, Has.Count.EqualTo(19));

            // The right passcode and link to the right invitee, and only theirs; the host PIN to the organizer alone.
            foreach (var name in contacts.Keys)
            {
                foreach (var message in received.Where(m => To(m) == email[name]))
                {
                    var everything = Everything(message);
                    var label = $"{KindOf(message)} to {name}";
                    if (KindOf(message) != "cancel")
                    {
                        Assert.That(message.TextBody, Does.Contain("Your passcode: " + passcodes[name]), label);
                        Assert.That(message.TextBody, Does.Contain("Join online: " + joinUrls[name]), label);
                        Assert.That(message.TextBody, Does.Contain("Access code: " + asScheduled.AccessCode), label);
                    }
                    else
                    {
                        // What the reader sees (the calendar entry keeps its location, a dial string of a code that no longer works).
                        Assert.That(message.TextBody + message.HtmlBody, Does.Not.Contain(passcodes[name]).And.Not.Contain(asScheduled.AccessCode),
                            label + ": a cancel tells no code");
                    }
                    foreach (var other in passcodes.Keys.Where(o => o != name))
                    {
                        Assert.That(everything, Does.Not.Contain(passcodes[other]).And.Not.Contain(joinUrls[other]), $"{label}: nothing of {other}'s");
                    }
                    Assert.That(everything, Does.Not.Contain(hostPin), label + ": the host PIN is the organizer's alone");
                }
            }
            foreach (var copy in received.Where(m => To(m) == email["organizer"] && KindOf(m) is "invitation" or "update" or "reminder"))
            {
                Assert.That(copy.TextBody, Does.Contain("Host PIN: " + hostPin), "the organizer's " + KindOf(copy));
                foreach (var (name, passcode) in passcodes)
                {
                    Assert.That(Everything(copy), Does.Not.Contain(passcode), $"the organizer's {KindOf(copy)} does not carry {name}'s passcode");
                }
            }

            // Calendar entries: one UID per recipient throughout, the sequence rising, CANCEL on removal and on cancel.
            var uids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, address) in email)
            {
                var entries = received.Where(m => To(m) == address && CalendarPart(m) is not null).Select(m => (Method: Method(m), Event: Event(m))).ToList();
                Assert.That(entries.Select(e => e.Event.Uid).Distinct().Count(), Is.EqualTo(1), name + ": one calendar entry, moved and cancelled in place");
                Assert.That(uids.Add(entries[0].Event.Uid!), Is.True, name + ": an entry of their own");
                var sequences = entries.Select(e => e.Event.Sequence).ToList();
                switch (name)
                {
                    case Added:
                        Assert.That(entries.Select(e => e.Method), Is.EqualTo(new[] { "REQUEST", "CANCEL" }), name);
                        Assert.That(sequences, Is.EqualTo(new[] { 1, 2 }), name + ": invited at the rescheduled meeting's sequence");
                        break;
                    case Removed:
                        Assert.That(entries.Select(e => e.Method), Is.EqualTo(new[] { "REQUEST", "REQUEST", "CANCEL" }), name);
                        Assert.That(sequences[1], Is.GreaterThan(sequences[0]), name + ": the update's sequence is higher");
                        Assert.That(sequences[2], Is.GreaterThanOrEqualTo(sequences[1]), name + ": the removal does not go back in sequence");
                        break;
                    default:
                        Assert.That(entries.Select(e => e.Method), Is.EqualTo(new[] { "REQUEST", "REQUEST", "CANCEL" }), name);
                        Assert.That(sequences, Is.EqualTo(new[] { 0, 1, 2 }), name + ": the sequence rises with the update and the cancel");
                        break;
                }
                Assert.That(entries.Select(e => e.Event.Start!.AsUtc),
                    Is.EqualTo(entries.Select((_, i) => i == 0 && name != Added ? firstStart.UtcDateTime : movedStart.UtcDateTime)), name + ": the start of each version");
            }

            // The reminder of the new start went out at its time to those invited then; none after the cancel.
            var reminders = received.Where(m => KindOf(m) == "reminder").ToList();
            var organizerZone = TimeZoneInfo.FindSystemTimeZoneById(ManagementApi.TimeZone);
            var at = TimeZoneInfo.ConvertTime(movedStart, organizerZone).ToString("t", CultureInfo.GetCultureInfo("en-US"));
            foreach (var reminder in reminders)
            {
                Assert.That(reminder.Subject, Is.EqualTo($"Reminder: {Title} at {at}"), "the reminder follows the reschedule");
                Assert.That(reminder.Date, Is.GreaterThanOrEqualTo(firstReminderDue - TimeSpan.FromSeconds(1)), "not before it is due");
                Assert.That(reminder.Date, Is.LessThan(cancelledAt), "no reminder after the cancel");
                Assert.That(CalendarPart(reminder), Is.Null, "a reminder leaves the calendar entry alone");
            }
        });
    }

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    private static DateTimeOffset WholeSecond(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());

    // The meeting's own zone is UTC, so no daylight-saving gap or overlap can shift the start the test set.
    private static string Date(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset instant) => instant.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The address <see cref="TestOrganizer.AddContactAsync"/> gives a contact.</summary>
    private static string Address(string name) => new string(name.ToLowerInvariant().Where(char.IsAsciiLetter).ToArray()) + "@example.com";

    private static string To(MimeMessage m) => m.To.Mailboxes.Single().Address;

    private static string KindOf(MimeMessage m) => (m.Subject ?? "") switch
    {
        var s when s.StartsWith("Welcome to IvrGateway", StringComparison.Ordinal) => "welcome",
        var s when s.StartsWith("Invitation: ", StringComparison.Ordinal) || s.StartsWith("Your meeting: ", StringComparison.Ordinal) => "invitation",
        var s when s.StartsWith("Updated invitation: ", StringComparison.Ordinal) => "update",
        var s when s.StartsWith("Cancelled: ", StringComparison.Ordinal) => "cancel",
        var s when s.StartsWith("Reminder: ", StringComparison.Ordinal) => "reminder",
        var s => "unexpected \"" + s + "\"",
    };

    private static MimePart? CalendarPart(MimeMessage m) => m.Attachments.OfType<MimePart>().SingleOrDefault(a => a.FileName == "invite.ics");

    private static string Calendar(MimeMessage m)
    {
        using var stream = new MemoryStream();
        CalendarPart(m)!.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Method(MimeMessage m) => Ical.Net.Calendar.Load(Calendar(m))!.Method!;

    private static CalendarEvent Event(MimeMessage m) => Ical.Net.Calendar.Load(Calendar(m))!.Events.Single();

    /// <summary>Every part a recipient can read: subject, text, HTML and the calendar entry.</summary>
    private static string Everything(MimeMessage m) => $"{m.Subject}\n{m.TextBody}\n{m.HtmlBody}\n{(CalendarPart(m) is null ? "" : Calendar(m))}";

    private static Task<Conference> MeetingAsync(TestOrganizer organizer, string id) =>
        organizer.Api.SendAsync<Conference>(HttpMethod.Get, "/api/v1/conferences/" + id, organizer.Account.ApiKey, null, Token);

    /// <summary>A form's answer is a redirect (to a path starting with <paramref name="location"/>); the page it leads to, as a browser shows it.</summary>
    private static async Task<string> FollowAsync(FormClient node, HttpResponseMessage response, string location)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location?.OriginalString, Does.StartWith(location));
        return await node.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    /// <summary>Waits (real time, generously) until the server holds <paramref name="count"/> distinct messages.</summary>
    private static async Task<IReadOnlyList<MimeMessage>> WaitForAsync(SmtpTestServer smtp, int count, TimeSpan timeout, string what)
    {
        var waited = Stopwatch.StartNew();
        while (Distinct(smtp) < count && waited.Elapsed < timeout)
        {
            await Task.Delay(200, Token);
        }
        Assert.That(Distinct(smtp), Is.GreaterThanOrEqualTo(count), $"{what}: {count} messages by now. Received:{Environment.NewLine}{string.Join(Environment.NewLine, smtp.Messages.Select(Line))}");
        return smtp.Messages;
    }

    /// <summary>Returns once nothing new arrived for <see cref="Quiet"/>.</summary>
    private static async Task WaitForQuietAsync(SmtpTestServer smtp)
    {
        var count = smtp.Messages.Count;
        var since = Stopwatch.StartNew();
        var waited = Stopwatch.StartNew();
        while (since.Elapsed < Quiet && waited.Elapsed < StepTimeout)
        {
            await Task.Delay(200, Token);
            if (smtp.Messages.Count != count)
            {
                count = smtp.Messages.Count;
                since.Restart();
            }
        }
    }

    private static int Distinct(SmtpTestServer smtp) => smtp.Messages.Select(m => m.MessageId).Distinct().Count();

    private static string Line(MimeMessage m) => $"{m.Date:HH:mm:ss} {m.MessageId} to {m.To} : {m.Subject}";

    private static void Describe(IEnumerable<MimeMessage> messages, NodeLogs logs)
    {
        foreach (var m in messages)
        {
            TestContext.Out.WriteLine(Line(m));
        }
        TestContext.Out.WriteLine("sent by node: " + string.Join(", ", logs.CountLines(") sent on try ")));
    }

    /// <param name="publicUrl">The deployment's one public URL (node A's), as behind a load balancer: every link a mail carries points there.</param>
    private static Task<GatewayProcess> StartNodeAsync(RedisServer redis, SmtpTestServer smtp, ProcessLog log, GatewaySecrets? secrets, Uri? publicUrl)
    {
        var settings = smtp.GatewaySettings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        settings["Mail__Outbox__PollSeconds"] = "1";
        settings["Mail__Outbox__LeaseSeconds"] = "30";
        settings["Mail__Reminders__0"] = FirstReminder.ToString("c", CultureInfo.InvariantCulture);
        settings["Mail__Reminders__1"] = SecondReminder.ToString("c", CultureInfo.InvariantCulture);
        if (publicUrl is not null)
        {
            settings["Gateway__PublicBaseUrl"] = publicUrl.GetLeftPart(UriPartial.Authority);
        }
        return GatewayProcess.StartAsync(GatewayProcess.BuiltDll(), redis.ConnectionString, log, Token, settings, secrets);
    }
}
