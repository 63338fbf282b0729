using System.Xml;

namespace Mesh.Operator.Delivery;

/// <summary>ISO-8601 durations as Knative's delivery fields write them: <c>PT0.2S</c>, <c>PT1M</c>, <c>P1D</c>.</summary>
public static class IsoDuration
{
    /// <returns>The duration; null when malformed or negative.</returns>
    public static TimeSpan? Parse(string? text)
    {
        if (text is not { Length: > 1 } || text[0] != 'P') return null;
        try
        {
            var span = XmlConvert.ToTimeSpan(text);
            return span < TimeSpan.Zero ? null : span;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public static string Format(TimeSpan duration) => XmlConvert.ToString(duration);
}
