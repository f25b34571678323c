namespace IvrGateway.Organizers;

/// <summary>What opening an account came to: the email signs in, so it names one account only.</summary>
public enum CreateOutcome
{
    Created,
    EmailTaken,
    CodeTaken,
}

/// <summary>An account opened (<see cref="Account"/> set, secrets in clear), or why not.</summary>
public sealed record AccountOpening(CreateOutcome Outcome, CreatedOrganizer? Account);
