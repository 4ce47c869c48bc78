using System.Text;

namespace Orleans.Kube.Model.Patching;

/// <summary>
/// A parsed RFC 6901 JSON Pointer: "/a/b~1c" is the tokens ["a", "b/c"]; "" is the whole document.
/// </summary>
internal sealed class JsonPointer
{
    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    public string Text { get; }

    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    public string LastToken => Tokens[^1];

    public static JsonPointer Parse(string text)
    {
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            throw new PatchException($"invalid JSON pointer \"{text}\": it must be empty or start with '/'");
        }

        return new JsonPointer(text, text[1..].Split('/').Select(token => Unescape(token, text)).ToArray());
    }

    /// <summary>True when this pointer names an ancestor of <paramref name="other"/> (not itself).</summary>
    public bool IsProperPrefixOf(JsonPointer other) =>
        other.Tokens.Count > Tokens.Count && Tokens.SequenceEqual(other.Tokens.Take(Tokens.Count), StringComparer.Ordinal);

    /// <summary>
    /// Parses an array index token. RFC 6901 allows only "0" or digits without a leading zero.
    /// </summary>
    public static bool TryParseIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(token, out index);
    }

    // "~1" must become "/" before "~0" becomes "~", otherwise "~01" would wrongly decode to "/".
    private static string Unescape(string token, string text)
    {
        if (!token.Contains('~'))
        {
            return token;
        }

        var builder = new StringBuilder(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] != '~')
            {
                builder.Append(token[i]);
                continue;
            }

            var next = i + 1 < token.Length ? token[i + 1] : '\0';
            builder.Append(next switch
            {
                '0' => '~',
                '1' => '/',
                _ => throw new PatchException($"invalid JSON pointer \"{text}\": '~' must be followed by '0' or '1'"),
            });
            i++;
        }

        return builder.ToString();
    }

    public override string ToString() => Text;
}
