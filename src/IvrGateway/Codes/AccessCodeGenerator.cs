namespace IvrGateway.Codes;

/// <summary>Where new access codes come from; a seam so tests can force collisions.</summary>
public interface IAccessCodeGenerator
{
    string Next();
}

internal sealed class RandomAccessCodeGenerator : IAccessCodeGenerator
{
    public string Next() => AccessCodes.Generate();
}
