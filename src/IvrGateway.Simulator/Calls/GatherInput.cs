namespace IvrGateway.Simulator.Calls;

/// <summary>How Twilio turns keys into <c>Digits</c> and <c>FinishedOnKey</c>.</summary>
/// <param name="Complete">False when the keys ran out before the finish key or numDigits: Twilio then waits for the timeout.</param>
internal sealed record GatherInput(string Digits, string FinishedOnKey, bool Complete)
{
    public static GatherInput Read(string keys, string finishOnKey, int? numDigits)
    {
        for (var index = 0; index < keys.Length; index++)
        {
            // The finish key is never part of Digits; keys after it (or after numDigits) are not collected.
            if (finishOnKey.Length == 1 && keys[index] == finishOnKey[0])
            {
                return new GatherInput(keys[..index], finishOnKey, true);
            }
            if (index + 1 == numDigits)
            {
                return new GatherInput(keys[..(index + 1)], "", true);
            }
        }
        return new GatherInput(keys, "", false);
    }
}
