namespace IvrGateway.Infrastructure.RateLimiting;

internal static class ClientAddress
{
    /// <summary>The client's address after forwarded headers from trusted proxies; an IPv6 client is taken by its /64, which one subscriber usually holds whole.</summary>
    public static string Of(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new System.Net.IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
