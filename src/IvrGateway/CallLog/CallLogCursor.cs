using System.Globalization;
using System.Text;
using IvrGateway.Voice.State;

namespace IvrGateway.CallLog;

/// <summary>A position in the call log: newest first by (time, sequence, shard).</summary>
public readonly record struct CallLogCursor(long Milliseconds, long Sequence, int Shard) : IComparable<CallLogCursor>
{
    public int CompareTo(CallLogCursor other) =>
        Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds)
        : Sequence != other.Sequence ? Sequence.CompareTo(other.Sequence)
        : Shard.CompareTo(other.Shard);

    public string StreamId => $"{Milliseconds}-{Sequence}";

    public string Encode() => Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Milliseconds}-{Sequence}-{Shard}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static CallLogCursor? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return null;
        }
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(padded)).Split('-');
            return parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var shard) && shard is >= 0 and < CallShards.MaxCount
                ? new CallLogCursor(ms, seq, shard)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static CallLogCursor Parse(string streamId, int shard)
    {
        var dash = streamId.IndexOf('-', StringComparison.Ordinal);
        return new CallLogCursor(long.Parse(streamId[..dash], CultureInfo.InvariantCulture), long.Parse(streamId[(dash + 1)..], CultureInfo.InvariantCulture), shard);
    }
}
