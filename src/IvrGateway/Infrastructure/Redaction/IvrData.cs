using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace IvrGateway.Infrastructure.Redaction;

/// <summary>The kinds of sensitive data the gateway's logs may carry, and what redaction does to each.</summary>
public static class IvrData
{
    private const string Taxonomy = "IvrGateway";

    /// <summary>A caller's phone number: logged masked, keeping the country code and the last two digits.</summary>
    public static DataClassification CallerNumber { get; } = new(Taxonomy, nameof(CallerNumber));

    /// <summary>Codes, passcodes, PINs, keys: never meant to be logged; erased if one ever is.</summary>
    public static DataClassification Secret { get; } = new(Taxonomy, nameof(Secret));
}

/// <summary>Marks a log parameter as a caller's phone number.</summary>
public sealed class CallerNumberAttribute() : DataClassificationAttribute(IvrData.CallerNumber);

/// <summary>Marks a log parameter as a secret.</summary>
public sealed class SecretAttribute() : DataClassificationAttribute(IvrData.Secret);

/// <summary>Masks phone numbers as <see cref="CallerMask"/> does.</summary>
public sealed class CallerNumberRedactor : Redactor
{
    public override int GetRedactedLength(ReadOnlySpan<char> input) => CallerMask.Mask(input.ToString()).Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        var masked = CallerMask.Mask(source.ToString());
        masked.AsSpan().CopyTo(destination);
        return masked.Length;
    }
}
