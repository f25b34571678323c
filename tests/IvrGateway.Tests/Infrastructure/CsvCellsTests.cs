using IvrGateway.Infrastructure;

namespace IvrGateway.Tests.Infrastructure;

public sealed class CsvCellsTests
{
    [TestCase("=1+1", "'=1+1")]
    [TestCase("+SUM(1)*cmd|' /C calc'!A0", "'+SUM(1)*cmd|' /C calc'!A0")]
    [TestCase("-2+3", "'-2+3")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    [TestCase("\tHYPERLINK(x)", "\"'\tHYPERLINK(x)\"")]
    [TestCase("\r=1", "\"'\r=1\"")]
    [TestCase("+12025550101", "'+12025550101")]
    public void A_cell_a_spreadsheet_would_read_as_a_formula_is_neutralised(string value, string expected) =>
        Assert.That(CsvCells.Escape(value), Is.EqualTo(expected));

    [TestCase("Alice Archer", "Alice Archer")]
    [TestCase("2026-12-01T09:00:00.0000000+00:00", "2026-12-01T09:00:00.0000000+00:00")]
    [TestCase("a,b", "\"a,b\"")]
    [TestCase("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [TestCase("=a,\"b\"", "\"'=a,\"\"b\"\"\"")]
    [TestCase("", "")]
    [TestCase(null, "")]
    public void Other_cells_are_quoted_only_as_RFC_4180_needs(string? value, string expected) =>
        Assert.That(CsvCells.Escape(value), Is.EqualTo(expected));
}
