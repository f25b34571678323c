using IvrGateway.Codes;

namespace IvrGateway.Tests.Codes;

public sealed class VerhoeffTests
{
    [TestCase("236", '3')]
    [TestCase("12345", '1')]
    [TestCase("142857", '0')]
    [TestCase("123456789012", '0')]
    public void The_check_digit_matches_published_examples(string digits, char expected) =>
        Assert.That(Verhoeff.CheckDigit(digits), Is.EqualTo(expected));

    [Test]
    public void Every_single_digit_error_and_adjacent_transposition_is_caught_over_a_sample_of_codes()
    {
        var missed = new List<string>();
        for (var sample = 0; sample < 2000; sample++)
        {
            var code = AccessCodes.Generate();
            Assert.That(Verhoeff.IsValid(code), Is.True);
            var chars = code.ToCharArray();
            for (var position = 0; position < chars.Length; position++)
            {
                var original = chars[position];
                for (var digit = '0'; digit <= '9'; digit++)
                {
                    if (digit == original)
                    {
                        continue;
                    }
                    chars[position] = digit;
                    if (Verhoeff.IsValid(chars))
                    {
                        missed.Add($"{code}: {position} -> {digit}");
                    }
                }
                chars[position] = original;
            }
            for (var position = 0; position + 1 < chars.Length; position++)
            {
                if (chars[position] == chars[position + 1])
                {
                    continue;
                }
                (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
                if (Verhoeff.IsValid(chars))
                {
                    missed.Add($"{code}: swap {position}");
                }
                (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
            }
        }
        Assert.That(missed, Is.Empty);
    }

    [TestCase("")]
    [TestCase("5")]
    [TestCase("12a4567890")]
    public void Text_that_is_not_digits_is_never_valid(string text) =>
        Assert.That(Verhoeff.IsValid(text), Is.False);
}
