namespace IvrGateway.Organizers.Passwords;

/// <summary>Passwords from public breach lists that are long enough to pass the length rule but are tried first.</summary>
public static class CommonPasswords
{
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "12345678910", "123456789a", "qwertyuiop", "1q2w3e4r5t", "password1", "password12", "password123",
        "password1234", "iloveyou12", "qwerty1234", "qwerty12345", "1qaz2wsx3edc", "zaq12wsxcde", "abcdefghij", "0987654321",
        "1111111111", "0000000000", "passw0rd123", "letmein123", "welcome123", "welcome1234", "administrator", "changeme123",
        "football123", "baseball123", "sunshine123", "princess123", "trustno1234", "superman123", "starwars123", "monkey1234",
        "dragon1234", "master1234", "michael123", "1234qwerasdf", "qwertyuiop123", "asdfghjkl1", "zxcvbnm123", "conference",
        "conference1", "conference123", "meeting123", "password!1", "p@ssw0rd12", "p@ssword123", "qazwsxedc1", "iloveyou123",
    };

    public static bool Contains(string password) => Known.Contains(password);
}
