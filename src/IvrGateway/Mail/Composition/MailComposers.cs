using System.Collections.Frozen;

namespace IvrGateway.Mail.Composition;

/// <summary>Every registered composer by message kind; two composers for one kind fail at start.</summary>
public sealed class MailComposers(IEnumerable<IMailComposer> composers)
{
    private readonly FrozenDictionary<string, IMailComposer> byKind = composers
        .GroupBy(c => c.Kind, StringComparer.Ordinal)
        .ToFrozenDictionary(
            g => g.Key,
            g => g.Count() == 1 ? g.Single() : throw new InvalidOperationException($"Two mail composers claim the kind '{g.Key}'."),
            StringComparer.Ordinal);

    public IMailComposer? Find(string kind) => byKind.GetValueOrDefault(kind);
}
