using IvrGateway.Simulator.Calls;

namespace IvrGateway.Simulator.Tests.Calls;

public sealed class KeypadTests
{
    private static readonly GatherPrompt Prompt = new("#", null, TimeSpan.FromSeconds(5));

    [Test]
    public async Task A_scripted_keypad_plays_its_entries_in_order_then_hangs_up()
    {
        var keypad = new ScriptedKeypad("1234567890#", "-", "", "*#");

        var entries = new List<KeypadEntry>();
        for (var turn = 0; turn < 5; turn++)
        {
            entries.Add(await keypad.NextEntryAsync(Prompt, CancellationToken.None));
        }

        Assert.That(entries, Is.EqualTo(new[]
        {
            KeypadEntry.Press("1234567890#"), KeypadEntry.Silence, KeypadEntry.Silence, KeypadEntry.Press("*#"), KeypadEntry.HangUp,
        }));
    }

    [TestCase("12a#")]
    [TestCase("1 2")]
    public void A_scripted_entry_that_is_not_keys_is_refused_up_front(string entry) =>
        Assert.That(() => new ScriptedKeypad(entry), Throws.TypeOf<FormatException>().With.Message.Contains(entry));

    [Test]
    public async Task The_console_keypad_reads_keys_silence_and_q()
    {
        var output = new StringWriter();
        var keypad = new ConsoleKeypad(new StringReader("482913#\n\nnope\n*#\nq\n"), output, echo: true);

        var entries = new List<KeypadEntry>();
        for (var turn = 0; turn < 4; turn++)
        {
            entries.Add(await keypad.NextEntryAsync(Prompt, CancellationToken.None));
        }

        Assert.Multiple(() =>
        {
            Assert.That(entries, Is.EqualTo(new[] { KeypadEntry.Press("482913#"), KeypadEntry.Silence, KeypadEntry.Press("*#"), KeypadEntry.HangUp }));
            Assert.That(output.ToString(), Does.Contain("(end with #)").And.Contain("\"nope\" is not a keypad entry"));
        });
    }

    [Test]
    public async Task The_console_keypad_hangs_up_at_the_end_of_input() =>
        Assert.That(await new ConsoleKeypad(new StringReader(""), TextWriter.Null, echo: false).NextEntryAsync(Prompt, CancellationToken.None),
            Is.EqualTo(KeypadEntry.HangUp));
}
