using System.CommandLine;
using System.Text.Json;
using IvrGateway.Simulator.Cli;
using IvrGateway.Simulator.Load;
using IvrGateway.Simulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IvrGateway.Simulator.Tests.Cli;

public sealed class LoadCommandTests
{
    private const string Gateway = "http://gateway.test:5080";
    private StubGateway gateway = null!;
    private StringWriter output = null!;
    private FakeTimeProvider time = null!;
    private string directory = null!;

    [SetUp]
    public void SetUp()
    {
        gateway = new StubGateway();
        output = new StringWriter();
        time = new FakeTimeProvider();
        directory = Directory.CreateTempSubdirectory("load-tests").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        gateway.Dispose();
        output.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private Task<int> RunAsync(params string[] args)
    {
        var context = new CommandContext(
            Terminal.Create(output, redirected: true),
            () => gateway,
            time,
            () => throw new AssertionException("load never asks a person for keys"),
            _ => null);
        return SimulatorCommandLine.Create(context).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
    }

    private void ServeMeeting()
    {
        gateway
            .Twiml("/voice/incoming", TwimlText.Response("<Gather action=\"/voice/step/accessCode\"><Say>Access code?</Say></Gather>"))
            .Twiml("/voice/step/accessCode", TwimlText.Response("<Gather action=\"/voice/step/passcode?a=t&amp;o=org_x\"><Say>Passcode?</Say></Gather>"))
            .Twiml("/voice/step/passcode", TwimlText.Response(
                "<Dial><Conference participantLabel=\"Load Caller\" statusCallback=\"/voice/conference?a=t\" statusCallbackEvent=\"start end join leave\">meeting-m1</Conference></Dial>"));
    }

    [Test]
    public async Task A_run_without_setup_plays_every_caller_through_the_flow_and_writes_the_report()
    {
        ServeMeeting();
        var json = Path.Combine(directory, "report.json");

        var exitCode = await RunAsync("load", "--gateway", Gateway, "--no-setup", "--callers", "20", "--meetings", "4", "--window", "0",
            "--concurrency", "5", "--json", json, "--label", "stub");

        var report = JsonSerializer.Deserialize<LoadReport>(await File.ReadAllTextAsync(json), LoadRun.Json)!;
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), output.ToString());
            Assert.That(report.Label, Is.EqualTo("stub"));
            Assert.That(report.Calls.Bridged, Is.EqualTo(20));
            Assert.That(report.Calls.Failed, Is.Zero);
            Assert.That(report.Slots.PeakInFlight, Is.LessThanOrEqualTo(5));
            Assert.That(report.Steps.Select(step => step.Step), Is.EqualTo(new[] { "incoming", "step/accessCode", "step/passcode", "conference", "status" }));
            Assert.That(gateway.To("/voice/incoming").Select(request => request.Field("From")).ToList(), Is.Unique.And.Count.EqualTo(20));
            Assert.That(output.ToString(), Does.Contain("latency per step (ms)").And.Contain("20: 20 bridged, 0 refused"));
        });
    }

    [Test]
    public async Task A_paced_run_waits_the_think_time_and_the_stay_and_reports_them()
    {
        ServeMeeting();
        var json = Path.Combine(directory, "paced.json");

        var run = RunAsync("load", "--gateway", Gateway, "--no-setup", "--callers", "4", "--meetings", "2", "--window", "0",
            "--concurrency", "2", "--think", "1", "--stay", "3", "--json", json);
        var advanced = TimeSpan.Zero;
        while (!run.IsCompleted && advanced < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(5);
            time.Advance(TimeSpan.FromMilliseconds(250));
            advanced += TimeSpan.FromMilliseconds(250);
        }
        var exitCode = await run;

        var report = JsonSerializer.Deserialize<LoadReport>(await File.ReadAllTextAsync(json), LoadRun.Json)!;
        var durations = gateway.To("/voice/status").Select(request => int.Parse(request.Field("CallDuration"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), output.ToString());
            Assert.That(report.Calls.Bridged, Is.EqualTo(4));
            Assert.That(report.Shape.ThinkSeconds, Is.EqualTo(1));
            Assert.That(report.Shape.StaySeconds, Is.EqualTo(3));
            Assert.That(durations, Has.Count.EqualTo(4).And.All.GreaterThanOrEqualTo(5), "two prompts of 1 s and 3 s in the conference, really waited");
            Assert.That(advanced, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)), "two rounds of 2 calls, 5 s each");
            Assert.That(output.ToString(), Does.Contain("paced: 1 s before each key entry, 3 s in the conference"));
        });
    }

    [Test]
    public async Task A_fast_run_reports_that_nothing_was_waited()
    {
        ServeMeeting();

        var exitCode = await RunAsync("load", "--gateway", Gateway, "--no-setup", "--callers", "2", "--meetings", "1", "--window", "0", "--stay", "3");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), output.ToString());
            Assert.That(output.ToString(), Does.Contain("fast mode: no think time, 3 s in the conference counted but not waited"));
        });
    }

    [Test]
    public async Task A_negative_think_time_is_refused()
    {
        var exitCode = await RunAsync("load", "--gateway", Gateway, "--no-setup", "--think", "-1");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(output.ToString(), Does.Contain("--think cannot be negative."));
        });
    }

    [Test]
    public async Task Every_caller_types_their_own_access_code_and_passcode()
    {
        ServeMeeting();

        await RunAsync("load", "--gateway", Gateway, "--no-setup", "--callers", "6", "--meetings", "2", "--window", "0");

        var typed = gateway.Requests.Where(request => request.Path.StartsWith("/voice/step/", StringComparison.Ordinal))
            .Select(request => (request.Path, Digits: request.Field("Digits"))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(typed.Where(entry => entry.Path == "/voice/step/accessCode").Select(entry => entry.Digits).Distinct().Count(), Is.EqualTo(2));
            Assert.That(typed.Where(entry => entry.Path == "/voice/step/passcode").Select(entry => entry.Digits), Has.All.Match("^[0-9]{6}$"));
        });
    }

    [Test]
    public async Task Calls_the_gateway_refuses_are_counted_by_what_the_caller_heard_and_exit_12()
    {
        gateway.Twiml("/voice/incoming", TwimlText.Response("<Say>You are locked out.</Say><Hangup/>"));

        var exitCode = await RunAsync("load", "--gateway", Gateway, "--no-setup", "--callers", "3", "--meetings", "1", "--window", "0");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.SomeCallsFailed));
            Assert.That(output.ToString(), Does.Contain("refused: You are locked out."));
        });
    }

    [Test]
    public async Task Setup_only_needs_a_plan_file()
    {
        var exitCode = await RunAsync("load", "--gateway", Gateway, "--admin-key", "k", "--setup-only");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Error));
            Assert.That(output.ToString(), Does.Contain("--setup-only needs --plan"));
        });
    }

    [Test]
    public async Task A_run_with_setup_needs_the_admin_key()
    {
        var exitCode = await RunAsync("load", "--gateway", Gateway, "--callers", "10", "--meetings", "1");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Error));
            Assert.That(output.ToString(), Does.Contain("--admin-key"));
        });
    }

    [Test]
    public async Task A_saved_plan_is_reused_as_it_was()
    {
        ServeMeeting();
        var plan = Path.Combine(directory, "plan.json");
        var saved = new LoadPlan(1, [new PlannedCaller(0, "+12025550000", "1234567890", "482913", "Ada", 0)]);
        await File.WriteAllTextAsync(plan, JsonSerializer.Serialize(saved, LoadRun.Json));

        var exitCode = await RunAsync("load", "--gateway", Gateway, "--reuse", "--plan", plan, "--callers", "1", "--meetings", "1", "--window", "0");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), output.ToString());
            Assert.That(gateway.To("/voice/step/accessCode").Single().Field("Digits"), Is.EqualTo("1234567890"));
            Assert.That(gateway.To("/voice/step/passcode").Single().Field("Digits"), Is.EqualTo("482913"));
        });
    }
}
