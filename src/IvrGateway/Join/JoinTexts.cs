using System.Globalization;

namespace IvrGateway.Join;

/// <summary>The join page's words in each locale it speaks (en-US and es-US); the script gets its own from data attributes.</summary>
public sealed record JoinTexts(
    string Locale,
    string NotFoundTitle,
    string NotFound,
    string InvitedAs,
    string Organizer,
    string When,
    string YourTime,
    string Minutes,
    string AccessCode,
    string YourPasscode,
    string SharedPasscodeNote,
    string JoinOnline,
    string JoinButton,
    string OpensAt,
    string OpensIn,
    string ReloadThen,
    string Open,
    string Cancelled,
    string Ended,
    string NotConfigured,
    string NeedsScript,
    string DialIn,
    string OneTap,
    string AddToCalendar,
    string PasscodeTitle,
    string PasscodeLabel,
    string PasscodeHint,
    string PasscodeJoin,
    string PasscodeCancel,
    string ErrorSummary,
    string PasscodeMissing,
    string PasscodeWrong,
    string FreshPage,
    string TooManyFromAddress,
    string Locked,
    string NotYetOpen,
    string Connecting,
    string Connected,
    string Leave,
    string Left,
    string Failed,
    string Busy,
    string SimulatedAudio)
{
    public CultureInfo Culture => CultureInfo.GetCultureInfo(Locale);

    /// <summary>The meeting's start as the locale writes a long date and a 24-hour time.</summary>
    public string LongDateFormat => Locale == "es-US" ? "dddd, d 'de' MMMM 'de' yyyy, HH:mm" : "dddd d MMMM yyyy, HH:mm";

    public static readonly JoinTexts English = new(
        "en-US",
        NotFoundTitle: "Link not found",
        NotFound: "This join link is not valid, or its meeting is long over.",
        InvitedAs: "Invited as {0}",
        Organizer: "Organizer",
        When: "When",
        YourTime: "Your time",
        Minutes: "{0} minutes",
        AccessCode: "Access code",
        YourPasscode: "Your passcode",
        SharedPasscodeNote: "You will be asked for the meeting passcode from your invitation.",
        JoinOnline: "Join online",
        JoinButton: "Join from this browser",
        OpensAt: "Joining opens at {0}.",
        OpensIn: "Opens in {0}",
        ReloadThen: "Reload this page then.",
        Open: "Joining is open.",
        Cancelled: "This meeting was cancelled.",
        Ended: "This meeting has ended.",
        NotConfigured: "Joining from the browser is not set up on this service, so dial in with the details below.",
        NeedsScript: "Joining from the browser needs JavaScript. Dial in with the details below instead.",
        DialIn: "Dial in",
        OneTap: "one tap",
        AddToCalendar: "Add to calendar (.ics)",
        PasscodeTitle: "Meeting passcode",
        PasscodeLabel: "Passcode",
        PasscodeHint: "The passcode in your invitation, digits only.",
        PasscodeJoin: "Join",
        PasscodeCancel: "Cancel",
        ErrorSummary: "There is a problem",
        PasscodeMissing: "Enter the passcode.",
        PasscodeWrong: "That passcode is not right. Tries left on this page: {0}.",
        FreshPage: "Three wrong passcodes. Reload the page to try again.",
        TooManyFromAddress: "Too many wrong passcodes from this network. Try again later, or dial in.",
        Locked: "This meeting is not accepting passcodes for a while. Try again later, or dial in.",
        NotYetOpen: "Joining is not open yet.",
        Connecting: "Connecting…",
        Connected: "You are in the meeting.",
        Leave: "Leave",
        Left: "You left the meeting.",
        Failed: "The browser could not connect. Dial in instead.",
        Busy: "Something went wrong. Try again in a moment.",
        SimulatedAudio: "Audio is simulated: this is a local test service, and the simulator's fake Twilio at {0} plays your browser's call. Nobody hears you.");

    public static readonly JoinTexts Spanish = new(
        "es-US",
        NotFoundTitle: "Enlace no encontrado",
        NotFound: "Este enlace no es válido, o su reunión terminó hace tiempo.",
        InvitedAs: "Invitación para {0}",
        Organizer: "Organizador",
        When: "Cuándo",
        YourTime: "Su hora",
        Minutes: "{0} minutos",
        AccessCode: "Código de acceso",
        YourPasscode: "Su clave",
        SharedPasscodeNote: "Se le pedirá la clave de la reunión que figura en su invitación.",
        JoinOnline: "Unirse en línea",
        JoinButton: "Unirse desde este navegador",
        OpensAt: "Podrá unirse a partir de las {0}.",
        OpensIn: "Se abre en {0}",
        ReloadThen: "Vuelva a cargar esta página a esa hora.",
        Open: "Ya puede unirse.",
        Cancelled: "Esta reunión fue cancelada.",
        Ended: "Esta reunión ha terminado.",
        NotConfigured: "Este servicio no permite unirse desde el navegador; llame con los datos de abajo.",
        NeedsScript: "Para unirse desde el navegador hace falta JavaScript. Llame con los datos de abajo.",
        DialIn: "Llamar",
        OneTap: "un toque",
        AddToCalendar: "Añadir al calendario (.ics)",
        PasscodeTitle: "Clave de la reunión",
        PasscodeLabel: "Clave",
        PasscodeHint: "La clave de su invitación, solo dígitos.",
        PasscodeJoin: "Unirse",
        PasscodeCancel: "Cancelar",
        ErrorSummary: "Hay un problema",
        PasscodeMissing: "Escriba la clave.",
        PasscodeWrong: "Esa clave no es correcta. Intentos restantes en esta página: {0}.",
        FreshPage: "Tres claves incorrectas. Vuelva a cargar la página para intentarlo de nuevo.",
        TooManyFromAddress: "Demasiadas claves incorrectas desde esta red. Inténtelo más tarde o llame.",
        Locked: "Esta reunión no acepta claves por un tiempo. Inténtelo más tarde o llame.",
        NotYetOpen: "Todavía no puede unirse.",
        Connecting: "Conectando…",
        Connected: "Está en la reunión.",
        Leave: "Salir",
        Left: "Salió de la reunión.",
        Failed: "El navegador no pudo conectarse. Llame en su lugar.",
        Busy: "Algo salió mal. Inténtelo de nuevo en un momento.",
        SimulatedAudio: "El audio es simulado: este es un servicio local de prueba y el Twilio falso del simulador en {0} hace la llamada de su navegador. Nadie le oye.");

    /// <summary>
    /// The contact's own locale when the address book has one, else the browser's first language we speak, else English.
    /// A <c>lang</c> query (<c>?lang=es-US</c>) overrides both: a person may prefer another language than the one on record.
    /// </summary>
    public static JoinTexts For(string? requested, string? contactLocale, string? acceptLanguage)
    {
        foreach (var candidate in new[] { requested, contactLocale })
        {
            if (Named(candidate) is { } named)
            {
                return named;
            }
        }
        foreach (var part in (acceptLanguage ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(10))
        {
            var tag = part.Split(';')[0].Trim();
            if (tag.StartsWith("es", StringComparison.OrdinalIgnoreCase))
            {
                return Spanish;
            }
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }
        }
        return English;
    }

    public static JoinTexts? Named(string? locale) => locale switch
    {
        _ when string.IsNullOrEmpty(locale) => null,
        _ when locale.StartsWith("es", StringComparison.OrdinalIgnoreCase) => Spanish,
        _ when locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) => English,
        _ => null,
    };

    public string Format(string text, object value) => string.Format(Culture, text, value);

    /// <summary>The message the page shows for a refusal.</summary>
    public string Refusal(JoinRefusal refusal, int triesLeft) => refusal switch
    {
        JoinRefusal.NotConfigured => NotConfigured,
        JoinRefusal.NotYetOpen => NotYetOpen,
        JoinRefusal.Cancelled => Cancelled,
        JoinRefusal.Ended => Ended,
        JoinRefusal.WrongPasscode => Format(PasscodeWrong, triesLeft),
        JoinRefusal.FreshPageNeeded => FreshPage,
        JoinRefusal.TooManyFromAddress => TooManyFromAddress,
        _ => Locked,
    };
}
