using Mesh.Grains.Identity;

namespace Mesh.Silo.Hosting.Security;

/// <summary>Embedded mode: the issuer's key (protected) in a file of the data directory, readable by its owner only.</summary>
internal sealed class FileSigningKeyStore(string path) : ISigningKeyStore
{
    public async Task<string> GetOrAddAsync(string candidate, CancellationToken cancellation)
    {
        if (File.Exists(path)) return await File.ReadAllTextAsync(path, cancellation);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(file))
            await writer.WriteAsync(candidate);
        try
        {
            // Whole or not at all, and never over a key another process stored first.
            File.Move(temporary, path, overwrite: false);
            return candidate;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return await File.ReadAllTextAsync(path, cancellation);
        }
    }
}
