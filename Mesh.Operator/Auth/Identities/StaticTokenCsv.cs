using System.Text;
using Mesh.Operator.Auth.Rbac;

namespace Mesh.Operator.Auth.Identities;

/// <summary>
/// kube-apiserver's static token file: one CSV record per line, <c>token,user,uid</c> and optionally
/// a fourth column of comma-separated groups (quoted: <c>"group1,group2"</c>). Blank lines are
/// skipped, as are records with an empty token; a later duplicate token wins.
/// </summary>
public static class StaticTokenCsv
{
    /// <exception cref="FormatException">A record has fewer than three columns or an unterminated quote; the message names the line, never a token.</exception>
    public static IReadOnlyDictionary<string, MeshUser> Parse(string text)
    {
        var tokens = new Dictionary<string, MeshUser>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = Fields(line.TrimEnd('\r'), lineNumber);
            if (fields.Count < 3)
                throw new FormatException($"line {lineNumber} must have at least 3 columns (token, user name, unique user ID), found {fields.Count}");
            if (fields[0].Length == 0) continue;
            var groups = fields.Count >= 4 ? fields[3].Split(',') : [];
            tokens[fields[0]] = MeshUser.Create(fields[1], fields[2], groups);
        }
        return tokens;
    }

    private static List<string> Fields(string line, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') field.Append(line[++i]);
                else quoted = false;
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        if (quoted) throw new FormatException($"line {lineNumber} has a quote that is never closed");
        fields.Add(field.ToString().Trim());
        return fields;
    }
}
