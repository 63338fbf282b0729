using System.Diagnostics;
using System.Text.Json;

namespace Mesh.Bench;

/// <summary>
/// How long this disk takes to make a small write durable: 8 KiB written and flushed to the device
/// (<c>fsync</c>) once a millisecond, as a durable journal's commits at 1,000 events/s do. A durable
/// mesh cannot answer a producer before its commit's flush returns, so one slow flush delays every
/// event of that commit: the disk's tail bounds the durable p99, whatever the mesh does.
/// </summary>
public static class DiskProbe
{
    public static int Run(BenchArgs options)
    {
        var directory = options.Require("dir");
        var duration = TimeSpan.FromSeconds(options.GetNumber("seconds", 10));
        if (!Directory.Exists(directory)) throw new ArgumentException($"--dir {directory}: no such directory.");
        if (duration <= TimeSpan.Zero) throw new ArgumentException("--seconds must be more than 0.");
        var path = Path.Combine(directory, $"disk-probe-{Environment.ProcessId}.bin");
        var block = new byte[8192];
        Random.Shared.NextBytes(block);
        var waits = new List<double>();
        try
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
            var clock = Stopwatch.StartNew();
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                // A ring of 256 blocks, as a WAL is reused after each checkpoint.
                file.Position = i % 256 * (long)block.Length;
                file.Write(block);
                var started = Stopwatch.GetTimestamp();
                file.Flush(flushToDisk: true);
                waits.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Thread.Sleep(1);
            }
        }
        finally
        {
            File.Delete(path);
        }
        waits.Sort();
        double At(double quantile) => waits[Math.Min(waits.Count - 1, (int)(quantile * waits.Count))];
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            flushes = waits.Count,
            seconds = duration.TotalSeconds,
            p50Ms = Math.Round(At(0.5), 3),
            p99Ms = Math.Round(At(0.99), 3),
            p999Ms = Math.Round(At(0.999), 3),
            maxMs = Math.Round(waits[^1], 1),
            over10Ms = waits.Count(w => w > 10),
            over50Ms = waits.Count(w => w > 50),
        }));
        return 0;
    }
}
