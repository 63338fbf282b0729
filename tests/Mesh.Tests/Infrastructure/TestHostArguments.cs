namespace Mesh.Tests.Infrastructure;

/// <summary>The command-line arguments every in-process test host is built with.</summary>
public static class TestHostArguments
{
    /// <summary>
    /// No reload of <c>appsettings*.json</c> on change: each reloading host holds an inotify instance,
    /// and the user's limit (128 by default, shared with every other process of that user) runs out
    /// when the tests start hosts in parallel, failing them with an <see cref="IOException"/>.
    /// </summary>
    public static readonly string[] NoConfigReload = ["--hostBuilder:reloadConfigOnChange=false"];
}
