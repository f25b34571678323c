using System.Security.Cryptography;
using System.Text;
using IvrGateway.Infrastructure;
using StackExchange.Redis;

namespace IvrGateway.Join;

/// <summary>
/// Wrong passcodes typed into the join page's pop-up, counted twice besides the meeting's own protection: per page
/// (<c>{jp:&lt;page id&gt;}</c>, three in a row and that page is done: a fresh page is needed) and per browser address
/// (<c>{ja:&lt;hash&gt;}</c>, a budget over a window, whatever pages or meetings it tries). One INCR each, with the window set
/// on the first, so no read-modify-write.
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

    /// <summary>The wrong entries so far on this page and from this address.</summary>
    public async Task<(long Page, long Address)> CountAsync(string pageId, string address, CancellationToken ct = default)
    {
        var (page, addr) = (Page(pageId), Address(address));
        var values = await redis.ReadAsync((page, addr), static async (db, k) =>
        {
            var batch = db.CreateBatch();
            var a = batch.StringGetAsync(k.page);
            var b = batch.StringGetAsync(k.addr);
            batch.Execute();
            return (await a, await b);
        }, ct);
        return (Count(values.Item1), Count(values.Item2));
    }

    /// <summary>Counts one wrong entry; answers the page's count after it.</summary>
    public async Task<long> RecordWrongAsync(string pageId, string address, CancellationToken ct = default) =>
        await redis.WriteAsync((Page: Page(pageId), Address: Address(address)), static async (db, k) =>
        {
            // Two slots, so two commands: each counter is atomic on its own, which is all either needs.
            var page = await db.StringIncrementAsync(k.Page);
            if (page == 1)
            {
                await db.KeyExpireAsync(k.Page, PageLife);
            }
            if (await db.StringIncrementAsync(k.Address) == 1)
            {
                await db.KeyExpireAsync(k.Address, AddressWindow);
            }
            return page;
        }, ct);

    private static long Count(RedisValue value) => value.IsNull ? 0 : (long)value;
}
