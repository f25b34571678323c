using System.Net;
using System.Net.Sockets;

namespace IvrGateway.Testing;

public static class FreePort
{
    /// <summary>A loopback port nobody listens on right now. Another process may still take it first, so starters retry.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
