using IvrGateway.Codes;
using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Settings;

/// <summary>Settings &gt; Security: the defaults every new meeting takes, with the same rules as <c>PUT /api/v1/me/security</c>.</summary>
public sealed class SecurityModel(OrganizerAccounts accounts, OrganizerStore store, SecretProtector protector) : PageModel
{
    [BindProperty]
    public bool OneTimeAccessCode { get; set; }

    [BindProperty]
    public string? PasscodeMode { get; set; }

    [BindProperty]
    public string? SharedPasscode { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var organizer = await store.GetAsync(User.OrganizerId(), ct);
        if (organizer is null)
        {
            return NotFound();
        }
        OneTimeAccessCode = organizer.Security.OneTimeAccessCode;
        PasscodeMode = Words.Of(organizer.Security.PasscodeMode);
        SharedPasscode = organizer.Security.SharedPasscodeProtected is { } p ? protector.Unprotect(p) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var mode = Words.Parse(PasscodeMode);
        if (mode is null)
        {
            Errors["passcode-none"] = "Choose none, shared or unique.";
        }
        if (!ModelState.IsValid)
        {
            Errors["oneTimeAccessCode"] = "Tick the box for one-time access codes, or leave it empty.";
        }
        if (mode is null || Errors.Count > 0)
        {
            return Page();
        }
        var typed = string.IsNullOrWhiteSpace(SharedPasscode) ? null : SharedPasscode.Trim();
        // In shared mode the field is the passcode (empty is a missing passcode); otherwise an empty field keeps the stored one.
        var shared = mode == Codes.PasscodeMode.Shared ? typed ?? "" : typed;
        var change = await accounts.ChangeSecurityAsync(User.OrganizerId(), OneTimeAccessCode, mode, shared, ct);
        switch (change)
        {
            case { Outcome: ChangeOutcome.Saved }:
                TempData["Status"] = "Security settings saved. New meetings and your personal room use them from now on.";
                return RedirectToPage();
            case { SharedPasscodeProblem: { } problem }:
                Errors["sharedPasscode"] = problem.Replace("passcodeMode is shared", "the passcode is shared", StringComparison.Ordinal);
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>The form's words for the passcode modes.</summary>
    internal static class Words
    {
        public static string Of(PasscodeMode mode) => mode switch
        {
            Codes.PasscodeMode.Shared => "shared",
            Codes.PasscodeMode.Unique => "unique",
            _ => "none",
        };

        public static PasscodeMode? Parse(string? word) => word switch
        {
            "none" => Codes.PasscodeMode.None,
            "shared" => Codes.PasscodeMode.Shared,
            "unique" => Codes.PasscodeMode.Unique,
            _ => null,
        };
    }
}
