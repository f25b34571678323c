using System.Text.Json;
using System.Text.Json.Serialization;

namespace IvrGateway.Organizers;

// The typed contract of add_contacts.lua.

internal sealed record StoredContact(string Id, string Json);

internal sealed record AddContactsArgs(int Max, IReadOnlyList<StoredContact> Contacts);

internal sealed record AddContactsResult(int Added);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AddContactsArgs))]
[JsonSerializable(typeof(AddContactsResult))]
internal sealed partial class OrganizerJson : JsonSerializerContext;
