using System.Globalization;

namespace Orleans.Kube.Model.Batch;

/// <summary>status.completedIndexes of an Indexed Job: ascending indexes with runs compressed ("1,3-5,7").</summary>
public static class CompletedIndexes
{
    public static SortedSet<int> Parse(string? text)
    {
        var set = new SortedSet<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-');
            if (dash < 0 && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var single))
                set.Add(single);
            else if (dash > 0 && int.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var to))
                for (var i = from; i <= to; i++)
                    set.Add(i);
        }
        return set;
    }

    public static string Format(IEnumerable<int> indexes)
    {
        var parts = new List<string>();
        int? start = null, end = null;
        foreach (var i in indexes.Distinct().Order())
        {
            if (end is { } e && i == e + 1)
            {
                end = i;
                continue;
            }
            if (start is { } s)
                parts.Add(Run(s, end!.Value));
            start = end = i;
        }
        if (start is { } last)
            parts.Add(Run(last, end!.Value));
        return string.Join(',', parts);
    }

    private static string Run(int from, int to) =>
        from == to ? from.ToString(CultureInfo.InvariantCulture) : $"{from.ToString(CultureInfo.InvariantCulture)}-{to.ToString(CultureInfo.InvariantCulture)}";
}
