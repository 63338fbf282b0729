using System.Globalization;
using System.Text;

namespace Mesh.Bench;

/// <summary>
/// Draws the soak's samples as an SVG chart: the silo's resident memory (left axis, MiB) against the
/// slow trigger's backlog, accepted minus delivered (right axis, events), over time. No plotting
/// library: a few lines of SVG that any browser and GitHub render.
/// </summary>
public static class MemoryPlot
{
    private const int Width = 800, Height = 360, Left = 70, Right = 90, Top = 40, Bottom = 50;

    public static int Run(BenchArgs args)
    {
        var samples = File.ReadLines(args.Require("csv"))
            .Skip(1)
            .Select(line => line.Split(','))
            .Where(f => f.Length >= 5)
            .Select(f => (Seconds: D(f[0]), Rss: D(f[1]), Backlog: Math.Max(0, D(f[2]) - D(f[4]))))
            .ToList();
        if (samples.Count < 2)
        {
            Console.Error.WriteLine("plot: fewer than two samples");
            return 1;
        }
        File.WriteAllText(args.Require("svg"), Svg(samples, args.Get("title", "Resident memory under overload")));
        return 0;
    }

    private static string Svg(List<(double Seconds, double Rss, double Backlog)> samples, string title)
    {
        var maxT = samples[^1].Seconds;
        var maxRss = Nice(samples.Max(s => s.Rss) * 1.2);
        var maxBacklog = Nice(Math.Max(1, samples.Max(s => s.Backlog)) * 1.1);
        double X(double t) => Left + t / maxT * (Width - Left - Right);
        double Y(double v, double max) => Height - Bottom - v / max * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine("""<rect width="100%" height="100%" fill="white"/>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Width / 2}" y="22" text-anchor="middle" font-size="14">{title}</text>""");
        for (var i = 0; i <= 4; i++)
        {
            var y = Y(maxRss * i / 4, maxRss);
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{y:0.#}" x2="{Width - Right}" y2="{y:0.#}" stroke="#ddd"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{y + 4:0.#}" text-anchor="end" fill="#1f5fa8">{maxRss * i / 4:0}</text>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Width - Right + 6}" y="{y + 4:0.#}" fill="#b5651d">{maxBacklog * i / 4:N0}</text>""");
        }
        for (var t = 0.0; t <= maxT; t += Step(maxT))
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{X(t):0.#}" y="{Height - Bottom + 18}" text-anchor="middle">{t:0}</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{(Left + Width - Right) / 2}" y="{Height - 12}" text-anchor="middle">seconds</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="16" y="{Top + (Height - Top - Bottom) / 2}" fill="#1f5fa8" transform="rotate(-90 16 {Top + (Height - Top - Bottom) / 2})" text-anchor="middle">resident memory (MiB)</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Width - 14}" y="{Top + (Height - Top - Bottom) / 2}" fill="#b5651d" transform="rotate(90 {Width - 14} {Top + (Height - Top - Bottom) / 2})" text-anchor="middle">slow trigger's backlog (events)</text>""");
        svg.AppendLine(Line(samples.Select(s => (X(s.Seconds), Y(s.Backlog, maxBacklog))), "#b5651d"));
        svg.AppendLine(Line(samples.Select(s => (X(s.Seconds), Y(s.Rss, maxRss))), "#1f5fa8"));
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Line(IEnumerable<(double X, double Y)> points, string colour) =>
        $"""<polyline fill="none" stroke="{colour}" stroke-width="2" points="{string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.#},{p.Y:0.#}")))}"/>""";

    // A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten.
    private static double Nice(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * power).First(n => n >= value);
    }

    private static double Step(double span) => Nice(span / 8);

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
