namespace IvrGateway.Tests.Architecture;

/// <summary>Arrows point down only: one rule per feature folder, from the table in <see cref="Layering"/>.</summary>
public sealed class DependencyRuleTests
{
    [TestCase("Infrastructure")]
    [TestCase("Codes")]
    [TestCase("Organizers")]
    [TestCase("Voice")]
    [TestCase("Scheduling")]
    [TestCase("CallLog")]
    [TestCase("Ops")]
    [TestCase("Demo")]
    [TestCase("Portal")]
    [TestCase("Mail")]
    public void A_feature_folder_uses_only_the_folders_below_it(string feature)
    {
        var violations = Layering.Violations(Layering.Gateway, $"{Layering.Root}.{feature}", Layering.Forbidden(feature));

        Assert.That(violations, Is.Empty, Layering.Describe(feature, violations));
    }

    [Test]
    public void Every_folder_of_the_gateway_has_a_row_in_the_layering_table()
    {
        var folders = Layering.Gateway.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith(Layering.Root + ".", StringComparison.Ordinal))
            .Select(n => n!.Split('.')[1])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        Assert.That(folders, Is.SubsetOf(Layering.MayUse.Keys), "A new top-level folder needs its row in Layering.MayUse and in docs/architecture.md.");
    }

    [Test]
    public void The_rule_catches_a_type_that_reaches_up()
    {
        var violations = Layering.Violations(typeof(DependencyRuleTests).Assembly, typeof(Fixtures.ReachesUp).Namespace!, ["IvrGateway.Scheduling"]);

        Assert.That(violations, Is.EqualTo(new[] { typeof(Fixtures.ReachesUp).FullName }));
    }

    [Test]
    public void The_rule_passes_a_type_that_uses_only_what_is_below_it()
    {
        var violations = Layering.Violations(typeof(DependencyRuleTests).Assembly, typeof(Fixtures.StaysDown.UsesInfrastructure).Namespace!, ["IvrGateway.Scheduling"]);

        Assert.That(violations, Is.Empty);
    }
}
