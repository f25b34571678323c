using IvrGateway.Simulator.Calls;
using Microsoft.Extensions.Time.Testing;

namespace IvrGateway.Simulator.Tests.Calls;

public sealed class PacedKeypadTests
{
    private static readonly GatherPrompt Prompt = new("#", null, TimeSpan.FromSeconds(5));
    private static readonly TimeSpan Think = TimeSpan.FromSeconds(1);
    private FakeTimeProvider time = null!;

    [SetUp]
    public void SetUp() => time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task A_paced_caller_answers_only_once_the_think_time_has_passed()
    {
        var keypad = new PacedKeypad(new ScriptedKeypad("482913#"), Think, time);

        var entry = keypad.NextEntryAsync(Prompt, CancellationToken.None).AsTask();
        var earlyAnswer = entry.IsCompleted;
        time.Advance(Think - TimeSpan.FromMilliseconds(1));
        var answerJustBefore = entry.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        var answer = await entry.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(earlyAnswer, Is.False);
            Assert.That(answerJustBefore, Is.False);
            Assert.That(answer, Is.EqualTo(KeypadEntry.Press("482913#")));
        });
    }

    [Test]
    public async Task A_paced_caller_thinks_before_every_prompt_then_hangs_up_like_the_inner_keypad()
    {
        var keypad = new PacedKeypad(new ScriptedKeypad("1234567890#", "482913#"), Think, time);

        var entries = new List<KeypadEntry>();
        var waits = new List<bool>();
        for (var turn = 0; turn < 3; turn++)
        {
            var entry = keypad.NextEntryAsync(Prompt, CancellationToken.None).AsTask();
            waits.Add(!entry.IsCompleted);
            time.Advance(Think);
            entries.Add(await entry.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Multiple(() =>
        {
            Assert.That(waits, Is.EqualTo(new[] { true, true, true }));
            Assert.That(entries, Is.EqualTo(new[] { KeypadEntry.Press("1234567890#"), KeypadEntry.Press("482913#"), KeypadEntry.HangUp }));
        });
    }

    [Test]
    public void Without_think_time_the_answer_comes_at_once()
    {
        var keypad = new PacedKeypad(new ScriptedKeypad("482913#"), TimeSpan.Zero, time);

        var entry = keypad.NextEntryAsync(Prompt, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(entry.IsCompletedSuccessfully, Is.True);
            Assert.That(entry.Result, Is.EqualTo(KeypadEntry.Press("482913#")));
        });
    }

    [Test]
    public async Task A_caller_who_is_thinking_stops_when_the_run_is_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var keypad = new PacedKeypad(new ScriptedKeypad("482913#"), Think, time);

        var entry = keypad.NextEntryAsync(Prompt, cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        Assert.That(async () => await entry.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_negative_think_time_is_refused() =>
        Assert.That(() => new PacedKeypad(new ScriptedKeypad(), TimeSpan.FromSeconds(-1), time), Throws.TypeOf<ArgumentOutOfRangeException>());
}
