namespace Mesh.Operator.Kinds.Secret;

/// <summary>A Secret that may exist could not be read; the message says why and never carries a value.</summary>
public sealed class SecretUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
