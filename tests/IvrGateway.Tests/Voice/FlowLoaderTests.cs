using System.Text.Json.Nodes;
using IvrGateway.Voice.Flow;

namespace IvrGateway.Tests.Voice;

/// <summary>The flow in ivr-flows/ is data ops may edit; the loader says exactly what is wrong with it.</summary>
public sealed class FlowLoaderTests
{
    private static readonly string Shipped = Path.Combine(AppContext.BaseDirectory, "ivr-flows");
    private string directory = null!;

    [SetUp]
    public void CopyShippedFlow()
    {
        directory = Directory.CreateTempSubdirectory("ivr-flow-").FullName;
        foreach (var file in Directory.GetFiles(Shipped, "*.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(Shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [TearDown]
    public void Remove() => Directory.Delete(directory, recursive: true);

    private void Edit(string file, Action<JsonNode> change)
    {
        var path = Path.Combine(directory, file);
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        change(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    private string Problems() => Assert.Throws<FlowValidationException>(() => FlowLoader.Load(directory))!.Message;

    [Test]
    public void The_shipped_flow_loads_with_two_complete_locales()
    {
        var flow = FlowLoader.Load(Shipped);

        Assert.That(flow.Locales.Keys, Is.EquivalentTo(new[] { "en-US", "es-US" }));
        Assert.That(flow.Start.Type, Is.EqualTo(StepType.AccessCode));
        Assert.That(flow.LocaleFor("+15557650100").Name, Is.EqualTo("es-US"));
        Assert.That(flow.LocaleFor("+19999999999").Name, Is.EqualTo("en-US"));
    }

    [Test]
    public void An_outcome_leading_to_an_unknown_step_is_named()
    {
        Edit("flow.json", f => f["steps"]!["accessCode"]!["next"]!["passcode"] = "passcodez");

        Assert.That(Problems(), Does.Contain("flow.json: steps.accessCode.next.passcode names the unknown step 'passcodez'."));
    }

    [Test]
    public void A_step_of_an_unknown_type_is_named_with_its_key()
    {
        Edit("flow.json", f => f["steps"]!["bridge"]!["type"] = "teleport");

        Assert.That(Problems(), Does.Contain("flow.json: steps.bridge.type"));
    }

    [Test]
    public void An_unreachable_step_is_named()
    {
        Edit("flow.json", f => f["steps"]!["accessCode"]!["next"]!["noPasscode"] = "bridge");

        Assert.That(Problems(), Does.Contain("flow.json: steps.organizerOffer is unreachable from the start step 'accessCode'."));
    }

    [Test]
    public void A_prompt_missing_in_one_locale_is_named_with_the_file_and_who_uses_it()
    {
        Edit("prompts/es-US.json", p => p["prompts"]!.AsObject().Remove("enterHostPin"));

        Assert.That(Problems(), Does.Contain("prompts/es-US.json: prompts.enterHostPin is missing (used by step 'hostPin')."));
    }

    [Test]
    public void A_message_missing_in_a_locale_fails_the_schema_check()
    {
        Edit("prompts/es-US.json", p => p["prompts"]!.AsObject().Remove("lockedOut"));

        Assert.That(Problems(), Does.Contain("prompts/es-US.json").And.Contain("lockedOut"));
    }

    [Test]
    public void An_outcome_that_leads_to_the_wrong_kind_of_step_is_named()
    {
        Edit("flow.json", f => f["steps"]!["passcode"]!["next"]!["ok"] = "hostPin");

        Assert.That(Problems(), Does.Contain("steps.passcode.next.ok must lead to a bridge step; 'hostPin' is a hostPin step."));
    }

    [Test]
    public void A_missing_outcome_is_named()
    {
        Edit("flow.json", f => f["steps"]!["passcode"]!["next"]!.AsObject().Remove("organizer"));

        Assert.That(Problems(), Does.Contain("steps.passcode.next.organizer is required for a passcode step."));
    }

    [Test]
    public void An_unknown_placeholder_is_named()
    {
        Edit("prompts/en-US.json", p => p["prompts"]!["cancelled"] = "The meeting {title} was cancelled.");

        Assert.That(Problems(), Does.Contain("prompts/en-US.json: prompts.cancelled uses {title}, but this prompt takes no placeholders."));
    }

    [Test]
    public void A_number_mapped_to_an_unknown_locale_is_named()
    {
        Edit("flow.json", f => f["numbers"]!["+15557650200"] = "fr-FR");

        Assert.That(Problems(), Does.Contain("flow.json: numbers.+15557650200 names the unknown locale 'fr-FR'."));
    }

    [Test]
    public void A_value_out_of_range_is_named_by_the_schema_check()
    {
        Edit("flow.json", f => f["steps"]!["passcode"]!["tries"] = 0);

        Assert.That(Problems(), Does.Contain("flow.json: steps.passcode.tries"));
    }

    [Test]
    public void Broken_json_is_named_with_its_line()
    {
        File.WriteAllText(Path.Combine(directory, "prompts/en-US.json"), "{\n  \"culture\": \"en-US\",\n  oops\n}");

        Assert.That(Problems(), Does.Contain("prompts/en-US.json: not valid JSON at line 3"));
    }
}
