using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Contacts;

/// <summary>Adds one contact; a bad field shows the form again with the error next to it and stores nothing.</summary>
public sealed class NewModel(OrganizerAccounts accounts) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Locale { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    public Dictionary<string, string> Errors { get; private set; } = new(StringComparer.Ordinal);

    public ContactForm Form => new(Name, Email, Phone, Locale, TimeZone);

    public void OnGet() => Locale = "en-US";

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var form = Form;
        Errors = form.Problems();
        var organizerId = User.OrganizerId();
        if (Errors.Count == 0 && await accounts.IsEmailInBookAsync(organizerId, form.Email!, exceptContactId: null, ct))
        {
            Errors["email"] = "A contact with this address is already in your address book.";
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        var contact = await accounts.AddContactAsync(organizerId, form.Name!.Trim(), form.Email!.Trim(), form.PhoneE164, form.LocaleName, form.TimeZoneId, ct);
        if (contact is null)
        {
            Errors["name"] = $"Your address book is full ({OrganizerStore.MaxContacts} contacts); delete some to add others.";
            return Page();
        }
        TempData["Status"] = $"{contact.Name} was added to your address book.";
        return Redirect("/portal/contacts");
    }
}
