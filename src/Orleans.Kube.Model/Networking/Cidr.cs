using System.Net;

namespace Orleans.Kube.Model.Networking;

/// <summary>
/// CIDR parsing as Go's ParseCIDRSloppy: host bits may be set ("10.0.0.1/8" is 10.0.0.0/8), which
/// <see cref="IPNetwork.TryParse(string?, out IPNetwork)"/> refuses.
/// </summary>
public static class Cidr
{
    public static bool TryParse(string? text, out IPNetwork network)
    {
        network = default;
        var slash = text?.IndexOf('/') ?? -1;
        if (slash <= 0 || !IPAddress.TryParse(text![..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, null, out var prefix))
            return false;
        var bytes = address.GetAddressBytes();
        if (prefix > bytes.Length * 8)
            return false;
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }
}
