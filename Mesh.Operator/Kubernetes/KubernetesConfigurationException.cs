namespace Mesh.Operator.Kubernetes;

/// <summary>The mesh cannot tell which API server to use, or how to trust or authenticate to it; the message names the setting or file.</summary>
public sealed class KubernetesConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
