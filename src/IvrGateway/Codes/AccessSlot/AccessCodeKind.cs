namespace IvrGateway.Codes;

/// <summary>A one-time code leads to one meeting; a personal code to its organizer's room.</summary>
public enum AccessCodeKind
{
    OneTime,
    Personal,
}
