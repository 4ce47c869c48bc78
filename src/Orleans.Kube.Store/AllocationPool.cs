using System.Globalization;
using System.Net;

namespace Orleans.Kube.Store;

/// <summary>A named range of integers handed out one at a time: IPv4 addresses of a CIDR, or a port range.</summary>
public sealed record AllocationPool(string Name, long First, long Last, bool IsAddress)
{
    public const string ServiceIps = "service-ip";
    public const string NodePorts = "node-port";
    public const string PodIps = "pod-ip";

    /// <summary>The usable addresses of an IPv4 CIDR: without the network and broadcast addresses.</summary>
    public static AllocationPool Cidr(string name, string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) || bits is < 8 or > 30)
            throw new FormatException($"\"{cidr}\" is not an IPv4 CIDR between /8 and /30");
        var size = 1L << (32 - bits);
        var network = ToNumber(ip) & ~(size - 1);
        return new AllocationPool(name, network + 1, network + size - 2, IsAddress: true);
    }

    /// <summary>An inclusive port range written "30000-32767".</summary>
    public static AllocationPool Ports(string name, string range)
    {
        var parts = range.Split('-');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var first) ||
            !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var last) || first < 1 || last > 65535 || first > last)
            throw new FormatException($"\"{range}\" is not a port range like 30000-32767");
        return new AllocationPool(name, first, last, IsAddress: false);
    }

    public bool Contains(long value) => value >= First && value <= Last;

    public string Format(long value) => IsAddress ? new IPAddress(BitConverter.GetBytes((uint)IPAddress.HostToNetworkOrder((int)value))).ToString() : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The pool value of <paramref name="text"/>, or null when it is not one of this pool's kind.</summary>
    public long? Parse(string text)
    {
        if (!IsAddress)
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
        return IPAddress.TryParse(text, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? ToNumber(ip) : null;
    }

    private static long ToNumber(IPAddress ip)
    {
        var bytes = ip.GetAddressBytes();
        return ((long)bytes[0] << 24) | ((long)bytes[1] << 16) | ((long)bytes[2] << 8) | bytes[3];
    }
}
