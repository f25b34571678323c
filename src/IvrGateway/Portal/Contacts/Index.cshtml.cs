using IvrGateway.Infrastructure.Auth;
using IvrGateway.Organizers;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IvrGateway.Portal.Contacts;

/// <summary>The address book: every contact, with links to add, edit, delete and import.</summary>
public sealed class IndexModel(OrganizerStore store) : PageModel
{
    public IReadOnlyList<Contact> Contacts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Contacts = await store.ListContactsAsync(User.OrganizerId(), ct);
}
