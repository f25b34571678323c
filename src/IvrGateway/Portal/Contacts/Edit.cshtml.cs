using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Contacts;

/// <summary>Edits one contact of the organizer's own address book; any other id is 404.</summary>
public sealed class EditModel(OrganizerAccounts accounts, OrganizerStore store) : PageModel
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

    public string Id { get; private set; } = "";

    public Dictionary<string, string> Errors { get; private set; } = new(StringComparer.Ordinal);

    public ContactForm Form => new(Name, Email, Phone, Locale, TimeZone);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var contact = ContactsView.IsPlausibleId(id) ? await store.GetContactAsync(User.OrganizerId(), id, ct) : null;
        if (contact is null)
        {
            return NotFound();
        }
        Id = id;
        (Name, Email, Phone, Locale, TimeZone) = ContactForm.Of(contact);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var organizerId = User.OrganizerId();
        if (!ContactsView.IsPlausibleId(id) || await store.GetContactAsync(organizerId, id, ct) is null)
        {
            return NotFound();
        }
        Id = id;
        var form = Form;
        Errors = form.Problems();
        if (Errors.Count == 0 && await accounts.IsEmailInBookAsync(organizerId, form.Email!, exceptContactId: id, ct))
        {
            Errors["email"] = "Another contact already has this address.";
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        var contact = await accounts.UpdateContactAsync(organizerId, id, form.Name!.Trim(), form.Email!.Trim(), form.PhoneE164, form.LocaleName, form.TimeZoneId, ct);
        if (contact is null)
        {
            return NotFound();
        }
        TempData["Status"] = $"{contact.Name} was saved.";
        return Redirect("/portal/contacts");
    }
}
