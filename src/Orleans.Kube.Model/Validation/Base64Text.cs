namespace Orleans.Kube.Model.Validation;

/// <summary>
/// The checks Go's base64.StdEncoding applies when kube decodes Secret data and ConfigMap binaryData:
/// standard alphabet, '=' padding to a multiple of four, CR/LF ignored.
/// </summary>
internal static class Base64Text
{
    /// <summary>Null when valid, else Go's "illegal base64 data at input byte N".</summary>
    public static string? Check(string text, out int decodedLength)
    {
        decodedLength = 0;
        var count = 0;
        var padding = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                continue;
            }

            if (c == '=')
            {
                // Padding may only fill the last one or two places of the final quantum.
                if (count % 4 < 2 || padding == 2)
                {
                    return Illegal(i);
                }

                padding++;
            }
            else if (padding > 0 || !IsAlphabet(c))
            {
                return Illegal(i);
            }

            count++;
        }

        if (count % 4 != 0)
        {
            // Go reports an unfinished quantum at the offset where it started.
            return Illegal(count - (count % 4));
        }

        decodedLength = (count / 4 * 3) - padding;
        return null;
    }

    private static bool IsAlphabet(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/';

    private static string Illegal(int offset) => $"illegal base64 data at input byte {offset}";
}
