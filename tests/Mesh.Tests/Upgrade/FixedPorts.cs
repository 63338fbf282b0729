namespace Mesh.Tests.Upgrade;

/// <summary>
/// The fixed loopback ports an upgrade fixture's stored URIs name, held by one run at a time on this
/// machine (several worktrees may run the suite at once: a lock file in the temp directory orders
/// them) and checked free, so that a port taken by something else fails with a message that says so
/// instead of as a missing delivery.
/// </summary>
public sealed class FixedPorts : IDisposable
{
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "mesh-upgrade-fixture-ports.lock");
    private readonly FileStream _lock;

    private FixedPorts(FileStream @lock) => _lock = @lock;

    public static async Task<FixedPorts> ClaimAsync(IReadOnlyCollection<int> ports)
    {
        FileStream? held = null;
        await Eventually.TrueAsync(() =>
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Unix, released if the process dies.
                held = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }, $"{LockPath}, held by another run of the upgrade fixture on this machine", timeout: TimeSpan.FromMinutes(3));
        var claimed = new FixedPorts(held!);
        List<int> busy = [];
        try
        {
            // A server that just stopped may hold a port for a moment longer.
            await Eventually.TrueAsync(() => (busy = [.. ports.Where(p => !FreePort.IsFree(p))]).Count == 0, "the upgrade fixture's fixed ports to be free",
                () => $"127.0.0.1:{string.Join(", 127.0.0.1:", busy)} in use by another process; the fixture's stored URIs name these ports "
                    + "(tests/Mesh.Tests/Upgrade/Fixtures/README.md): stop whatever listens there (ss -ltnp) and run again",
                TimeSpan.FromSeconds(10));
        }
        catch
        {
            claimed.Dispose();
            throw;
        }
        return claimed;
    }

    public void Dispose() => _lock.Dispose();
}
