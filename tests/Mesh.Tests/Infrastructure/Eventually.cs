namespace Mesh.Tests.Infrastructure;

/// <summary>Waits on a condition with a generous bound, never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, Func<string>? lastSeen = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting for {what}." + (lastSeen is null ? "" : $" Last seen: {lastSeen()}"));
            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, Func<string>? lastSeen = null, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, lastSeen, timeout);
}
