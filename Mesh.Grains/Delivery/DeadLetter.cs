using System.Globalization;
using Mesh.Grains.Events;

namespace Mesh.Grains.Delivery;

/// <summary>Decorates a failed event the way Knative does before it goes to a dead-letter sink.</summary>
public static class DeadLetter
{
    public static EventEnvelope Annotate(EventEnvelope original, Uri destination, DeliveryOutcome last)
    {
        var attributes = new Dictionary<string, string>(original.Attributes, StringComparer.Ordinal)
        {
            [CloudEventNames.ErrorDestination] = destination.ToString(),
        };
        attributes.Remove(CloudEventNames.BrokerTtl);
        if (last.StatusCode is { } code)
            attributes[CloudEventNames.ErrorCode] = code.ToString(CultureInfo.InvariantCulture);
        var body = last.Body.Length > EventSender.MaxKeptBodyBytes ? last.Body[..EventSender.MaxKeptBodyBytes] : last.Body;
        if (body.Length > 0)
            attributes[CloudEventNames.ErrorData] = Convert.ToBase64String(body);
        return original with { Attributes = attributes };
    }
}
