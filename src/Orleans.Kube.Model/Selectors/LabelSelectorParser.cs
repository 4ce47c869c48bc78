using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.Selectors;

/// <summary>
/// The recursive-descent parser of labels.Parse. Messages and edge cases ("()" means the empty value,
/// "in"/"notin" are plain words in value position) follow apimachinery v0.32.
/// </summary>
internal sealed class LabelSelectorParser
{
    private static readonly string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<(LabelToken Token, string Literal)> _items = [];
    private int _position;

    private LabelSelectorParser(string text)
    {
        var lexer = new LabelSelectorLexer(text);
        while (true)
        {
            var item = lexer.Next();
            _items.Add(item);
            if (item.Token == LabelToken.EndOfString)
            {
                break;
            }
        }
    }

    public static List<LabelRequirement> Parse(string text) => new LabelSelectorParser(text).ParseAll();

    private List<LabelRequirement> ParseAll()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (token, literal) = Lookahead();
            switch (token)
            {
                case LabelToken.Identifier or LabelToken.DoesNotExist:
                    LabelRequirement requirement;
                    try
                    {
                        requirement = ParseRequirement();
                    }
                    catch (SelectorException ex)
                    {
                        throw new SelectorException($"unable to parse requirement: {ex.Message}");
                    }

                    requirements.Add(requirement);
                    var (next, nextLiteral) = Consume();
                    switch (next)
                    {
                        case LabelToken.EndOfString:
                            return requirements;
                        case LabelToken.Comma:
                            var (afterComma, afterCommaLiteral) = Lookahead();
                            if (afterComma is not LabelToken.Identifier and not LabelToken.DoesNotExist)
                            {
                                throw new SelectorException($"found '{afterCommaLiteral}', expected: identifier after ','");
                            }

                            break;
                        default:
                            throw new SelectorException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }

                    break;
                case LabelToken.EndOfString:
                    return requirements;
                default:
                    throw new SelectorException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var (key, op) = ParseKeyAndInferOperator();
        if (op is LabelOperator.Exists or LabelOperator.DoesNotExist)
        {
            return LabelRequirement.Create(key, op.Value, []);
        }

        var binary = ParseOperator();
        var values = binary is LabelOperator.In or LabelOperator.NotIn ? ParseValues() : ParseExactValue();
        return LabelRequirement.Create(key, binary, values.Order(StringComparer.Ordinal).ToList());
    }

    private (string Key, LabelOperator? Operator) ParseKeyAndInferOperator()
    {
        LabelOperator? op = null;
        var (token, literal) = Consume();
        if (token == LabelToken.DoesNotExist)
        {
            op = LabelOperator.DoesNotExist;
            (token, literal) = Consume();
        }

        if (token != LabelToken.Identifier)
        {
            throw new SelectorException($"found '{literal}', expected: identifier");
        }

        var keyErrors = NameRules.QualifiedName(literal);
        if (keyErrors.Count > 0)
        {
            // The parser validates with a nil field path, which apimachinery prints as "<nil>".
            throw new SelectorException($"<nil>: Invalid value: {GoFormat.Quote(literal)}: {string.Join("; ", keyErrors)}");
        }

        if (Lookahead().Token is LabelToken.EndOfString or LabelToken.Comma && op != LabelOperator.DoesNotExist)
        {
            op = LabelOperator.Exists;
        }

        return (literal, op);
    }

    private LabelOperator ParseOperator()
    {
        var (token, literal) = Consume(keywordsAreValues: false);
        return token switch
        {
            LabelToken.In => LabelOperator.In,
            LabelToken.Equals => LabelOperator.Equals,
            LabelToken.DoubleEquals => LabelOperator.DoubleEquals,
            LabelToken.GreaterThan => LabelOperator.GreaterThan,
            LabelToken.LessThan => LabelOperator.LessThan,
            LabelToken.NotIn => LabelOperator.NotIn,
            LabelToken.NotEquals => LabelOperator.NotEquals,
            _ => throw new SelectorException($"found '{literal}', expected: {BinaryOperators}"),
        };
    }

    private SortedSet<string> ParseValues()
    {
        var (token, literal) = Consume();
        if (token != LabelToken.OpenPar)
        {
            throw new SelectorException($"found '{literal}' expected: '('");
        }

        (token, literal) = Lookahead();
        switch (token)
        {
            case LabelToken.Identifier or LabelToken.Comma:
                var values = ParseIdentifiersList();
                if (Consume().Token != LabelToken.ClosedPar)
                {
                    throw new SelectorException($"found '{literal}', expected: ')'");
                }

                return values;
            case LabelToken.ClosedPar:
                Consume();
                return new SortedSet<string>(StringComparer.Ordinal) { "" };
            default:
                throw new SelectorException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    private SortedSet<string> ParseIdentifiersList()
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (token, literal) = Consume();
            switch (token)
            {
                case LabelToken.Identifier:
                    values.Add(literal);
                    var (next, nextLiteral) = Lookahead();
                    switch (next)
                    {
                        case LabelToken.Comma:
                            continue;
                        case LabelToken.ClosedPar:
                            return values;
                        default:
                            throw new SelectorException($"found '{nextLiteral}', expected: ',' or ')'");
                    }

                case LabelToken.Comma:
                    // "(,", ",)" and ",," each stand for an empty value.
                    if (values.Count == 0)
                    {
                        values.Add("");
                    }

                    var following = Lookahead().Token;
                    if (following == LabelToken.ClosedPar)
                    {
                        values.Add("");
                        return values;
                    }

                    if (following == LabelToken.Comma)
                    {
                        Consume();
                        values.Add("");
                    }

                    break;
                default:
                    throw new SelectorException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    private SortedSet<string> ParseExactValue()
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        if (Lookahead().Token is LabelToken.EndOfString or LabelToken.Comma)
        {
            values.Add("");
            return values;
        }

        var (token, literal) = Consume();
        if (token != LabelToken.Identifier)
        {
            throw new SelectorException($"found '{literal}', expected: identifier");
        }

        values.Add(literal);
        return values;
    }

    // In value position the keywords "in" and "notin" are ordinary words, so "x in (in)" works.
    private (LabelToken Token, string Literal) Lookahead(bool keywordsAreValues = true) =>
        AsValue(_items[_position], keywordsAreValues);

    private (LabelToken Token, string Literal) Consume(bool keywordsAreValues = true) =>
        AsValue(_items[_position++], keywordsAreValues);

    private static (LabelToken, string) AsValue((LabelToken Token, string Literal) item, bool keywordsAreValues) =>
        keywordsAreValues && item.Token is LabelToken.In or LabelToken.NotIn ? (LabelToken.Identifier, item.Literal) : item;
}
