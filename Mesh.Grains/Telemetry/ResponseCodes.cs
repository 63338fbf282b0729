namespace Mesh.Grains.Telemetry;

/// <summary>Status codes as label values, boxed once, so that recording one allocates nothing.</summary>
public static class ResponseCodes
{
    public const string None = "none";

    private static readonly object[] Boxed = Enumerable.Range(0, 600).Select(code => (object)code).ToArray();

    /// <summary><c>2xx</c>, <c>4xx</c>, <c>5xx</c>…, or <c>none</c> when no answer came.</summary>
    public static string ClassOf(int? status) => status switch
    {
        null => None,
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };

    public static object Box(int status) => status is >= 0 and < 600 ? Boxed[status] : status;
}
