namespace IvrGateway.Infrastructure;

/// <summary>
/// One CSV cell as every export writes it: neutralised against spreadsheet formula injection, then
/// quoted per RFC 4180. OWASP's rule: a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
/// tab or carriage return is read as a formula by Excel, LibreOffice and Sheets, so it gets a
/// leading <c>'</c> (shown as text, not evaluated). A caller number <c>+1555…</c> becomes
/// <c>'+1555…</c>: that is the price of a rule with no exceptions to get wrong.
/// </summary>
public static class CsvCells
{
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r', '\t']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>One row: each cell escaped, joined by commas.</summary>
    public static string Row(IEnumerable<string?> values) => string.Join(',', values.Select(Escape));
}
