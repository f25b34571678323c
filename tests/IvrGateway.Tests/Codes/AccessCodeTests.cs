using IvrGateway.Codes;

namespace IvrGateway.Tests.Codes;

public sealed class AccessCodeTests
{
    [Test]
    public void Codes_are_ten_digits_with_a_valid_check_digit()
    {
        for (var i = 0; i < 1000; i++)
        {
            var code = AccessCodes.Generate();
            Assert.That(code, Does.Match("^[0-9]{10}$"));
            Assert.That(AccessCodes.IsWellFormed(code), Is.True);
        }
    }

    /// <summary>
    /// Chi-square over the nine random digits of 100,000 codes. A modulo-biased generator
    /// (byte % 10) scores above 200 here; fair dice stay under 33.7 (p = 0.0001, 9 degrees of freedom)
    /// in all but one run in ten thousand.
    /// </summary>
    [Test]
    public void Every_digit_is_equally_likely_in_every_position()
    {
        const int codes = 100_000;
        const double critical = 33.72;
        var counts = new long[AccessCodes.RandomDigits, 10];
        for (var i = 0; i < codes; i++)
        {
            var code = AccessCodes.Generate();
            for (var p = 0; p < AccessCodes.RandomDigits; p++)
            {
                counts[p, code[p] - '0']++;
            }
        }
        var overall = new long[10];
        var perPosition = new List<double>();
        for (var p = 0; p < AccessCodes.RandomDigits; p++)
        {
            var row = Enumerable.Range(0, 10).Select(d => counts[p, d]).ToArray();
            perPosition.Add(ChiSquare(row));
            for (var d = 0; d < 10; d++)
            {
                overall[d] += row[d];
            }
        }
        Assert.That(ChiSquare(overall), Is.LessThan(critical), "all positions together");
        Assert.That(perPosition, Has.All.LessThan(critical + 6), "each position (looser: nine tests at once)");
    }

    [Test]
    public void The_chi_square_check_would_catch_a_modulo_biased_generator()
    {
        var counts = new long[10];
        var bytes = new byte[900_000];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        foreach (var b in bytes)
        {
            counts[b % 10]++;
        }
        Assert.That(ChiSquare(counts), Is.GreaterThan(33.72));
    }

    [Test]
    public void No_generated_code_is_a_weak_pattern()
    {
        for (var i = 0; i < 20_000; i++)
        {
            var code = AccessCodes.Generate();
            Assert.That(WeakPatterns.IsWeak(code[..AccessCodes.RandomDigits]), Is.False, code);
        }
    }

    private static double ChiSquare(long[] observed)
    {
        var expected = observed.Sum() / (double)observed.Length;
        return observed.Sum(o => (o - expected) * (o - expected) / expected);
    }
}
