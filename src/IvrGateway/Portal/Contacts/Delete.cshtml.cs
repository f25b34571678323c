using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Contacts;

/// <summary>The confirm step before a contact is deleted (a form, so no script is needed); any id not in the address book is 404.</summary>
public sealed class DeleteModel(OrganizerStore store) : PageModel
{
    public Contact Contact { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var contact = ContactsView.IsPlausibleId(id) ? await store.GetContactAsync(User.OrganizerId(), id, ct) : null;
        if (contact is null)
        {
            return NotFound();
        }
        Contact = contact;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var organizerId = User.OrganizerId();
        var contact = ContactsView.IsPlausibleId(id) ? await store.GetContactAsync(organizerId, id, ct) : null;
        if (contact is null || !await store.DeleteContactAsync(organizerId, id, ct))
        {
            return NotFound();
        }
        TempData["Status"] = $"{contact.Name} was deleted from your address book.";
        return Redirect("/portal/contacts");
    }
}
