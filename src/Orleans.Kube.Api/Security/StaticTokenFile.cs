namespace Orleans.Kube.Api.Security;

/// <summary>
/// kube-apiserver's --token-auth-file: CSV lines <c>token,user,uid[,"group1,group2"]</c>. Read
/// once at start-up, as kube does.
/// </summary>
public sealed class StaticTokenFile
{
    private readonly Dictionary<string, UserInfo> users;

    private StaticTokenFile(Dictionary<string, UserInfo> users) => this.users = users;

    public static StaticTokenFile Empty { get; } = new([]);

    public static StaticTokenFile Load(string path)
    {
        var users = new Dictionary<string, UserInfo>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
                continue;
            var fields = SplitCsv(line);
            if (fields.Count < 3 || fields[0].Length == 0 || fields[1].Length == 0)
                throw new FormatException($"token file {path} line {number}: want token,user,uid[,\"groups\"]");
            var groups = fields.Count > 3 ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            users[fields[0]] = UserInfo.Of(fields[1], fields[2], groups);
        }
        return new StaticTokenFile(users);
    }

    public UserInfo? Find(string token) => users.GetValueOrDefault(token);

    /// <summary>Comma-separated fields; a field in double quotes may hold commas ("" is a quote).</summary>
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    current.Append(line[++i]);
                else if (c == '"')
                    quoted = false;
                else
                    current.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else
                current.Append(c);
        }
        fields.Add(current.ToString().Trim());
        return fields;
    }
}
