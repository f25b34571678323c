using System.Security.Cryptography;
using System.Text;
using IvrGateway.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace IvrGateway.Organizers.Passwords;

/// <summary>
/// Portal passwords: hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>, set through one-use links
/// whose token names the organizer (<c>org_…~secret</c>) and is stored only as a digest.
/// </summary>
public sealed class OrganizerPasswords(OrganizerStore store, IPasswordPageAddress page)
{
    public static readonly TimeSpan NewAccountLinkLifetime = TimeSpan.FromDays(3);

    private const char Separator = '~';
    private static readonly PasswordHasher<Organizer> Hasher = new();
    // Verifying against this costs what a real check costs, so an unknown address answers in the same time.
    private static readonly string DecoyHash = Hasher.HashPassword(null!, Ids.Token());

    /// <summary>A new one-use link to set the password (replacing any earlier link), valid for <paramref name="lifetime"/>.</summary>
    public async Task<string> NewLinkAsync(string organizerId, TimeSpan lifetime, CancellationToken ct)
    {
        var secret = Ids.Token();
        await store.SavePasswordLinkAsync(organizerId, Digest(secret), lifetime, ct);
        return page.SetPasswordUrl(organizerId + Separator + secret);
    }

    /// <summary>Whether the token is a link in force (the page shows the form only then).</summary>
    public async Task<bool> IsLinkInForceAsync(string? token, CancellationToken ct) =>
        Parse(token) is var (id, secret) && await store.IsPasswordLinkAsync(id, Digest(secret), ct);

    /// <summary>Sets the password through a link, which is used up. Null when the link is unknown, used or expired.</summary>
    public async Task<string?> SetWithLinkAsync(string? token, string password, CancellationToken ct)
    {
        if (Parse(token) is not var (id, secret) || await store.GetAsync(id, ct) is not { IsDisabled: false } organizer)
        {
            return null;
        }
        if (!await store.TryUsePasswordLinkAsync(id, Digest(secret), ct))
        {
            return null;
        }
        return await store.SavePasswordHashAsync(id, Hasher.HashPassword(organizer, password), ct) ? id : null;
    }

    /// <summary>Sets the password of a signed-in organizer (change password) or of the demo account. False for an unknown or disabled one.</summary>
    public async Task<bool> SetAsync(string organizerId, string password, CancellationToken ct) =>
        await store.GetAsync(organizerId, ct) is { IsDisabled: false } organizer
        && await store.SavePasswordHashAsync(organizerId, Hasher.HashPassword(organizer, password), ct);

    /// <summary>The organizer these credentials sign in, or null. Disabled accounts and accounts without a password never do.</summary>
    public async Task<Organizer?> VerifyAsync(string email, string password, CancellationToken ct)
    {
        var organizer = await store.FindByEmailAsync(email, ct);
        if (organizer is not { IsDisabled: false, PasswordHash: { } hash })
        {
            Hasher.VerifyHashedPassword(null!, DecoyHash, password);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(organizer, hash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await store.SavePasswordHashAsync(organizer.Id, Hasher.HashPassword(organizer, password), ct);
        }
        return result == PasswordVerificationResult.Failed ? null : organizer;
    }

    /// <summary>A short digest of the stored hash: a session opened before a password change no longer matches it.</summary>
    public static string Stamp(Organizer organizer) =>
        organizer.PasswordHash is null ? "" : Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("ivr-portal-session\n" + organizer.PasswordHash)).AsSpan(0, 12));

    /// <summary>The organizer a well-formed link token names (check <see cref="IsLinkInForceAsync"/> first).</summary>
    public static string OrganizerOf(string token) => Parse(token)?.Id ?? "";

    private static (string Id, string Secret)? Parse(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }
        var at = token.IndexOf(Separator, StringComparison.Ordinal);
        if (at <= 0 || at == token.Length - 1)
        {
            return null;
        }
        var id = token[..at];
        return id.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? (id, token[(at + 1)..]) : null;
    }

    private static string Digest(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
