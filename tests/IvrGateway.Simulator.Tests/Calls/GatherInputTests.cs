using IvrGateway.Simulator.Calls;

namespace IvrGateway.Simulator.Tests.Calls;

public sealed class GatherInputTests
{
    [TestCase("1234567890#", "#", null, "1234567890", "#", true)]
    [TestCase("*#", "#", null, "*", "#", true)]
    [TestCase("#", "#", null, "", "#", true)]
    [TestCase("123#456", "#", null, "123", "#", true)]
    [TestCase("123456", "#", 4, "1234", "", true)]
    [TestCase("12", "#", 4, "12", "", false)]
    [TestCase("12#", "", null, "12#", "", false)]
    [TestCase("12*", "*", null, "12", "*", true)]
    public void Digits_never_include_the_finish_key(string keys, string finishOnKey, int? numDigits, string digits, string finishedOnKey, bool complete) =>
        Assert.That(GatherInput.Read(keys, finishOnKey, numDigits), Is.EqualTo(new GatherInput(digits, finishedOnKey, complete)));
}
