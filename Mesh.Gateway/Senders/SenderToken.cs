namespace Mesh.Gateway.Senders;

/// <summary>A bearer token whose signature, issuer and lifetime checked out: who sent, for which audiences, until when.</summary>
public sealed record SenderToken(string Issuer, string Subject, IReadOnlyList<string> Audiences, DateTimeOffset Expires);
