using System.Globalization;

namespace Mesh.Tests.Infrastructure;

/// <summary>One sample of the Prometheus text format: a series name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(params (string Label, string Value)[] labels) =>
        labels.All(l => Labels.TryGetValue(l.Label, out var v) && v == l.Value);
}

/// <summary>Reads <c>GET /metrics</c> as Prometheus would and finds series by name and labels.</summary>
public sealed class PrometheusScrape(IReadOnlyList<PrometheusSample> samples)
{
    public IReadOnlyList<PrometheusSample> Samples => samples;

    public static async Task<PrometheusScrape> ReadAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var brace = line.IndexOf('{');
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..line.IndexOf(' ')];
            var labels = brace >= 0 ? ParseLabels(line[(brace + 1)..line.LastIndexOf('}')]) : new Dictionary<string, string>();
            var valueText = line[(space + 1)..];
            // A sample may carry a timestamp after its value.
            var parts = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ');
            if (double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                samples.Add(new PrometheusSample(name, labels, value));
            else if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                samples.Add(new PrometheusSample(name, labels, value));
        }
        return new PrometheusScrape(samples);
    }

    /// <summary>The sum of the samples of <paramref name="name"/> that carry all of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && s.Has(labels)).Sum(s => s.Value);

    public IEnumerable<PrometheusSample> Series(string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && s.Has(labels));

    public string Describe(string name) => string.Join("\n", samples.Where(s => s.Name == name)
        .Select(s => $"{s.Name}{{{string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}"))}}} {s.Value}"));

    private static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var equals = text.IndexOf('=', i);
            if (equals < 0) break;
            var key = text[i..equals].Trim(' ', ',');
            var j = equals + 2;
            var value = new System.Text.StringBuilder();
            for (; j < text.Length && text[j] != '"'; j++)
            {
                if (text[j] == '\\' && j + 1 < text.Length) j++;
                value.Append(text[j]);
            }
            labels[key] = value.ToString();
            i = j + 1;
        }
        return labels;
    }
}
