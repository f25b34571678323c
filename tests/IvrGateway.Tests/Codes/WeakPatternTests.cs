using IvrGateway.Codes;

namespace IvrGateway.Tests.Codes;

public sealed class WeakPatternTests
{
    [TestCase("111111111")]
    [TestCase("123456789")]
    [TestCase("987654321")]
    [TestCase("890123456")]
    [TestCase("0000")]
    [TestCase("1234")]
    [TestCase("4321")]
    [TestCase("121212")]
    [TestCase("123123123")]
    [TestCase("2580")]
    [TestCase("112112")]
    public void Guessable_digits_are_weak(string digits) =>
        Assert.That(WeakPatterns.IsWeak(digits), Is.True);

    [TestCase("739164")]
    [TestCase("480213")]
    [TestCase("518274903")]
    [TestCase("90417")]
    public void Random_looking_digits_are_not_weak(string digits) =>
        Assert.That(WeakPatterns.IsWeak(digits), Is.False);

    [Test]
    public void Host_pins_and_unique_passcodes_are_six_strong_digits_and_distinct()
    {
        var passcodes = Passcodes.NewUnique(250);

        Assert.That(passcodes, Is.Unique);
        Assert.That(passcodes, Has.All.Match("^[0-9]{6}$"));
        Assert.That(passcodes.Where(WeakPatterns.IsWeak), Is.Empty);
        Assert.That(WeakPatterns.IsWeak(Passcodes.NewHostPin()), Is.False);
    }

    [TestCase(null, "required")]
    [TestCase("12345678901234", "4 to 12 digits")]
    [TestCase("12 34", "only the digits")]
    [TestCase("7777", "repeats one digit")]
    public void Shared_passcode_problems_say_why(string? passcode, string reason) =>
        Assert.That(Passcodes.SharedPasscodeProblem(passcode), Does.Contain(reason));

    [Test]
    public void A_good_shared_passcode_has_no_problem() =>
        Assert.That(Passcodes.SharedPasscodeProblem("739164"), Is.Null);
}
