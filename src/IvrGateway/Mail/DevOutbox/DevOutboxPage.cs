using System.Globalization;
using System.Text;
using System.Net;
using IvrGateway.Mail.Transport;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IvrGateway.Mail.DevOutbox;

/// <summary>
/// <c>/dev/outbox</c>, Development only: the <c>.eml</c> files the folder transport wrote, newest first,
/// and one of them as its recipient would see it (headers, the text part, the HTML part in a
/// sandboxed frame, the attachments). Styled like <c>/ops</c> with its stylesheet.
/// </summary>
internal static class DevOutboxPage
{
    public const string Path = "/dev/outbox";

    // The message's HTML is shown in a sandboxed srcdoc frame (no scripts, no same origin); its inline styles may apply.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication MapDevOutbox(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }
        var page = app.MapGroup(Path).ExcludeFromDescription();
        page.MapGet("/", ListAsync);
        page.MapGet("/{file}", ShowAsync);
        page.MapGet("/{file}/raw", Raw);
        return app;
    }

    private static async Task<IResult> ListAsync(OutboxFolder folder, IOptions<MailOptions> options, HttpResponse response, CancellationToken ct)
    {
        var files = Directory.Exists(folder.Path) ? Directory.GetFiles(folder.Path, "*.eml") : [];
        var rows = new List<(string File, MimeMessage? Message)>();
        foreach (var file in files)
        {
            rows.Add((System.IO.Path.GetFileName(file), await TryLoadAsync(file, ct)));
        }
        var html = new StringBuilder();
        html.Append("<div class=\"heading\"><h1>Outbox</h1><span class=\"count\">").Append(rows.Count).Append(" message").Append(rows.Count == 1 ? "" : "s").Append("</span></div>");
        html.Append(options.Value.UsesSmtp
            ? "<p class=\"hint\">Mail goes to the SMTP server in <code>Mail:Smtp:Host</code>; this folder holds what was written before it was set.</p>"
            : "<p class=\"hint\">No <code>Mail:Smtp:Host</code> is set, so every message is written here instead of being sent: <code>" + E(folder.Path) + "</code></p>");
        if (rows.Count == 0)
        {
            html.Append("<p class=\"empty\">No messages yet.</p>");
        }
        else
        {
            html.Append("<section><table class=\"grid\" id=\"messages\"><thead><tr><th>Date</th><th>To</th><th>Subject</th><th>Attachments</th></tr></thead><tbody>");
            foreach (var (file, message) in rows.OrderByDescending(r => r.Message?.Date ?? DateTimeOffset.MinValue))
            {
                var link = Path + "/" + Uri.EscapeDataString(file);
                html.Append("<tr><td>").Append(E(Date(message))).Append("</td><td>").Append(E(message?.To.ToString() ?? "")).Append("</td><td><a href=\"")
                    .Append(E(link)).Append("\">").Append(E(message is null ? file + " (unreadable)" : Subject(message))).Append("</a></td><td>")
                    .Append(message is null ? 0 : Attachments(message).Count).Append("</td></tr>");
            }
            html.Append("</tbody></table></section>");
        }
        return Page(response, "Outbox", html.ToString());
    }

    private static async Task<IResult> ShowAsync(string file, OutboxFolder folder, HttpResponse response, CancellationToken ct)
    {
        if (Find(folder, file) is not { } path || await TryLoadAsync(path, ct) is not { } message)
        {
            return Page(response, "Not found", "<p class=\"error\">No such message in the outbox.</p><p><a href=\"" + Path + "\">Back to the outbox</a></p>", StatusCodes.Status404NotFound);
        }
        var html = new StringBuilder();
        html.Append("<div class=\"heading\"><h1>").Append(E(Subject(message))).Append("</h1></div>");
        html.Append("<section class=\"summary\"><dl>");
        Row(html, "From", message.From.ToString());
        Row(html, "To", message.To.ToString());
        if (message.Cc.Count > 0)
        {
            Row(html, "Cc", message.Cc.ToString());
        }
        Row(html, "Date", Date(message));
        Row(html, "Message-ID", message.MessageId ?? "");
        html.Append("</dl></section>");
        if (message.TextBody is { } text)
        {
            html.Append("<section><h2>Text</h2><pre class=\"mail-text\">").Append(E(text)).Append("</pre></section>");
        }
        if (message.HtmlBody is { } body)
        {
            html.Append("<section><h2>HTML</h2><iframe class=\"mail-html\" sandbox=\"\" title=\"The HTML part\" style=\"width:100%;min-height:24rem;border:1px solid #ccc;background:#fff\" srcdoc=\"")
                .Append(E(body)).Append("\"></iframe></section>");
        }
        var attachments = Attachments(message);
        html.Append("<section><h2>Attachments <span class=\"count\">").Append(attachments.Count).Append("</span></h2>");
        if (attachments.Count == 0)
        {
            html.Append("<p class=\"empty\">None.</p>");
        }
        else
        {
            html.Append("<table class=\"grid compact\" id=\"attachments\"><thead><tr><th>Name</th><th>Type</th><th>Size</th></tr></thead><tbody>");
            foreach (var part in attachments)
            {
                html.Append("<tr><td>").Append(E(part.FileName ?? "(no name)")).Append("</td><td>").Append(E(part.ContentType.MimeType))
                    .Append("</td><td>").Append(Size(part).ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</section><p><a href=\"").Append(E(Path + "/" + Uri.EscapeDataString(file) + "/raw")).Append("\">Download the .eml</a> · <a href=\"")
            .Append(Path).Append("\">Back to the outbox</a></p>");
        return Page(response, Subject(message), html.ToString());
    }

    private static IResult Raw(string file, OutboxFolder folder) =>
        Find(folder, file) is { } path ? TypedResults.PhysicalFile(path, "message/rfc822", file) : TypedResults.NotFound();

    /// <summary>Only a plain file name of an .eml in the folder: no path, no way out of it.</summary>
    private static string? Find(OutboxFolder folder, string file)
    {
        if (file != System.IO.Path.GetFileName(file) || !file.EndsWith(".eml", StringComparison.Ordinal))
        {
            return null;
        }
        var path = System.IO.Path.Combine(folder.Path, file);
        return File.Exists(path) ? path : null;
    }

    private static async Task<MimeMessage?> TryLoadAsync(string path, CancellationToken ct)
    {
        try
        {
            return await MimeMessage.LoadAsync(path, ct);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            return null;
        }
    }

    /// <summary>Every part that is not the text or HTML body: attachments and calendar entries.</summary>
    private static List<MimePart> Attachments(MimeMessage message) =>
        message.BodyParts.OfType<MimePart>().Where(p => p.IsAttachment || p is not TextPart { IsPlain: true } and not TextPart { IsHtml: true }).ToList();

    private static long Size(MimePart part)
    {
        using var measure = new MimeKit.IO.MeasuringStream();
        part.Content?.DecodeTo(measure);
        return measure.Length;
    }

    private static string Subject(MimeMessage message) => string.IsNullOrEmpty(message.Subject) ? "(no subject)" : message.Subject;

    private static string Date(MimeMessage? message) =>
        message is null ? "" : message.Date.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder html, string name, string value) => html.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>");

    private static string E(string value) => WebUtility.HtmlEncode(value);

    private static IResult Page(HttpResponse response, string title, string body, int status = StatusCodes.Status200OK)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        var html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>" + E(title) + " · IvrGateway dev</title><link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">"
            + "<link rel=\"stylesheet\" href=\"/assets/site.css\"></head><body><header class=\"top\"><a class=\"brand\" href=\"" + Path + "\">IvrGateway <span>dev</span></a>"
            + "<nav><a href=\"" + Path + "\" class=\"current\">Outbox</a><a href=\"/ops\">Ops</a></nav></header><main>" + body + "</main>"
            + "<footer>Development only: what the gateway would have mailed. Times in UTC.</footer></body></html>";
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
