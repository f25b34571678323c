namespace IvrGateway.Simulator.Tests.Support;

internal static class TwimlText
{
    public static string Response(string verbs) => $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>{verbs}</Response>";
}
