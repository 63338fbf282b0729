using System.Text;

namespace Mesh.Tests.Gateway.Ingress.Conformance;

/// <summary>
/// One example row of a scenario outline in <c>http-protocol-binding.feature</c>: the raw HTTP request,
/// the attributes expected of the parsed event and its data as JSON.
/// </summary>
public sealed record HttpBindingScenario(
    string Name, string Method, IReadOnlyList<(string Name, string Value)> Headers, string Body,
    IReadOnlyDictionary<string, string> ExpectedAttributes, string ExpectedDataJson)
{
    public const string File = "cloudevents-http/http-protocol-binding.feature";

    public static IReadOnlyList<HttpBindingScenario> Load()
    {
        var lines = System.IO.File.ReadAllLines(ConformanceFiles.PathOf(File));
        var scenarios = new List<HttpBindingScenario>();
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].Trim().StartsWith("Scenario Outline:", StringComparison.Ordinal))
                scenarios.AddRange(ReadOutline(lines, ref i));
        return scenarios;
    }

    private static List<HttpBindingScenario> ReadOutline(string[] lines, ref int i)
    {
        var title = lines[i].Trim()["Scenario Outline:".Length..].Trim();
        string? request = null, data = null;
        var attributes = new List<string[]>();
        var examples = new List<string[]>();
        List<string[]>? table = null;
        for (i++; i < lines.Length && !lines[i].Trim().StartsWith("Scenario", StringComparison.Ordinal); i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("Given an HTTP request", StringComparison.Ordinal)) { request = DocString(lines, ref i); table = null; }
            else if (line.StartsWith("And the data is equal to the following JSON", StringComparison.Ordinal)) { data = DocString(lines, ref i); table = null; }
            else if (line.StartsWith("Then the attributes are", StringComparison.Ordinal)) table = attributes;
            else if (line.StartsWith("Examples:", StringComparison.Ordinal)) table = examples;
            else if (line.StartsWith('|') && table is not null) table.Add([.. line.Trim('|').Split('|').Select(c => c.Trim())]);
        }
        i--;
        var columns = examples[0];
        var scenarios = new List<HttpBindingScenario>();
        foreach (var row in examples.Skip(1))
        {
            string Fill(string text)
            {
                for (var c = 0; c < columns.Length; c++) text = text.Replace($"<{columns[c]}>", row[c], StringComparison.Ordinal);
                return text;
            }
            var expected = attributes.Skip(1).ToDictionary(r => r[0], r => Fill(r[1]), StringComparer.Ordinal);
            scenarios.Add(Parse(Fill(title), Fill(request!), expected, data!));
        }
        return scenarios;
    }

    // A Gherkin doc string: the lines between two """ markers, less the indentation of the opening marker.
    private static string DocString(string[] lines, ref int i)
    {
        i++;
        var indent = lines[i].Length - lines[i].TrimStart().Length;
        var body = new List<string>();
        for (i++; lines[i].Trim() != "\"\"\""; i++)
            body.Add(lines[i].Length >= indent ? lines[i][indent..] : lines[i].TrimStart());
        return string.Join("\n", body);
    }

    private static HttpBindingScenario Parse(string name, string request, Dictionary<string, string> expected, string data)
    {
        var lines = request.Split('\n');
        var method = lines[0].Split(' ')[0];
        var headers = new List<(string, string)>();
        var l = 1;
        for (; l < lines.Length && lines[l].Length > 0; l++)
        {
            var colon = lines[l].IndexOf(':');
            headers.Add((lines[l][..colon].Trim(), lines[l][(colon + 1)..].Trim()));
        }
        return new HttpBindingScenario(name, method, headers, string.Join("\n", lines.Skip(l + 1)), expected, data);
    }

    /// <summary>The request, sent to <paramref name="path"/>; Host and Content-Length come from the client.</summary>
    public HttpRequestMessage ToRequest(string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body)) };
        foreach (var (header, value) in Headers)
        {
            if (header.Equals("Host", StringComparison.OrdinalIgnoreCase) || header.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(header, value)) request.Content.Headers.TryAddWithoutValidation(header, value);
        }
        return request;
    }

    public override string ToString() => Name;
}
