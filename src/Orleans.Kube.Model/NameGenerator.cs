namespace Orleans.Kube.Model;

/// <summary>metadata.generateName: the prefix plus five characters from kube's unambiguous alphabet.</summary>
public static class NameGenerator
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Generate(string prefix)
    {
        if (prefix.Length > 58)
            prefix = prefix[..58];
        return prefix + string.Concat(Enumerable.Range(0, 5).Select(_ => Alphabet[Random.Shared.Next(Alphabet.Length)]));
    }
}
