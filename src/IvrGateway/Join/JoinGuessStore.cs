using System.Security.Cryptography;
using System.Text;
using IvrGateway.Infrastructure;
using StackExchange.Redis;

namespace IvrGateway.Join;

/// <summary>
/// Wrong passcodes typed into the join page's pop-up, counted twice besides the meeting's own protection: per page
/// (<c>{jp:&lt;page id&gt;}</c>, three in a row and that page is done: a fresh page is needed) and per browser address
/// (<c>{ja:&lt;hash&gt;}</c>, a budget over a window, whatever pages or meetings it tries). An entry is taken before the
/// passcode is checked and given back unless it was wrong, so there is no read-then-write to race.
/// </summary>
public sealed class JoinGuessStore(RedisRunner redis, RedisKeyspace keys)
{
    public const int PerPage = 3;
    public const int PerAddress = 10;
    public static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan PageLife = TimeSpan.FromHours(2);

    private RedisKey Page(string pageId) => keys.Key("jp:" + pageId, "wrong");

    private RedisKey Address(string address) =>
        keys.Key("ja:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address)))[..32], "wrong");

    /// <summary>
    /// Takes one entry on this page and from this address before the passcode is checked, and answers both counts with it:
    /// counting first is what stops a burst of simultaneous guesses from all reading the same count. The window is set on
    /// every call (only when the key has none), so a lost reply can never leave a counter without its expiry.
    /// </summary>
    public async Task<(long Page, long Address)> ReserveAsync(string pageId, string address, CancellationToken ct = default) =>
        await redis.WriteAsync((Page: Page(pageId), Address: Address(address)), static (db, k) => Add(db, k.Page, k.Address, 1), ct);

    /// <summary>Gives an entry back when it was not a wrong passcode (it was right, or never checked).</summary>
    public async Task ReleaseAsync(string pageId, string address, CancellationToken ct = default) =>
        await redis.WriteAsync((Page: Page(pageId), Address: Address(address)), static (db, k) => Add(db, k.Page, k.Address, -1), ct);

    // Two slots, so two counters, each atomic on its own (all either needs), sent together in one round trip.
    private static async Task<(long Page, long Address)> Add(IDatabase db, RedisKey page, RedisKey address, long by)
    {
        var batch = db.CreateBatch();
        var onPage = batch.StringIncrementAsync(page, by);
        var pageWindow = batch.KeyExpireAsync(page, PageLife, ExpireWhen.HasNoExpiry);
        var fromAddress = batch.StringIncrementAsync(address, by);
        var addressWindow = batch.KeyExpireAsync(address, AddressWindow, ExpireWhen.HasNoExpiry);
        batch.Execute();
        await Task.WhenAll(pageWindow, addressWindow);
        return (await onPage, await fromAddress);
    }

}
