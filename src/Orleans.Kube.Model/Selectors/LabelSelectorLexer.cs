using System.Text;

namespace Orleans.Kube.Model.Selectors;

internal enum LabelToken
{
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

/// <summary>
/// The tokenizer of apimachinery's label selector parser, kept byte-for-byte in behaviour so that
/// odd inputs ("a in (", "=b", "a=b=c") fail with the same messages as kube-apiserver.
/// </summary>
internal sealed class LabelSelectorLexer(string text)
{
    private static readonly Dictionary<string, LabelToken> Keywords = new(StringComparer.Ordinal)
    {
        [")"] = LabelToken.ClosedPar,
        [","] = LabelToken.Comma,
        ["!"] = LabelToken.DoesNotExist,
        ["=="] = LabelToken.DoubleEquals,
        ["="] = LabelToken.Equals,
        [">"] = LabelToken.GreaterThan,
        ["in"] = LabelToken.In,
        ["<"] = LabelToken.LessThan,
        ["!="] = LabelToken.NotEquals,
        ["notin"] = LabelToken.NotIn,
        ["("] = LabelToken.OpenPar,
    };

    private int _position;

    public static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    public static bool IsSpecialSymbol(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    public (LabelToken Token, string Literal) Next()
    {
        while (_position < text.Length && IsWhitespace(text[_position]))
        {
            _position++;
        }

        if (_position >= text.Length)
        {
            return (LabelToken.EndOfString, "");
        }

        return IsSpecialSymbol(text[_position]) ? ScanSpecialSymbol() : ScanIdentifierOrKeyword();
    }

    private (LabelToken, string) ScanIdentifierOrKeyword()
    {
        var start = _position;
        while (_position < text.Length && !IsSpecialSymbol(text[_position]) && !IsWhitespace(text[_position]))
        {
            _position++;
        }

        var literal = text[start.._position];
        return Keywords.TryGetValue(literal, out var keyword) ? (keyword, literal) : (LabelToken.Identifier, literal);
    }

    // Longest run of operator characters that still forms a known operator: "!=" beats "!", "==" beats "=".
    private (LabelToken, string) ScanSpecialSymbol()
    {
        var buffer = new StringBuilder();
        (LabelToken Token, string Literal)? last = null;
        while (_position < text.Length && IsSpecialSymbol(text[_position]))
        {
            buffer.Append(text[_position]);
            _position++;
            if (Keywords.TryGetValue(buffer.ToString(), out var token))
            {
                last = (token, buffer.ToString());
            }
            else if (last is not null)
            {
                _position--;
                break;
            }
        }

        return last ?? (LabelToken.Error, $"error expected: keyword found '{buffer}'");
    }
}
