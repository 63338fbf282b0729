using Mesh.Operator.Auth.Rbac;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.Operator.Auth.Identities;

/// <summary>
/// The identities of <c>Mesh:Auth:TokenFile</c>, read again whenever the file's size or write time
/// changes, so that adding or revoking a token needs no restart. A file that no longer parses
/// keeps the identities last read, and says so in the log (never quoting a token).
/// </summary>
public sealed partial class StaticTokenFile(IOptions<MeshAuthOptions> options, ILogger<StaticTokenFile> logger)
{
    private readonly object _lock = new();
    private IReadOnlyDictionary<string, MeshUser> _tokens = new Dictionary<string, MeshUser>();
    private (DateTime WriteTime, long Length)? _version;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.TokenFile);

    public MeshUser? Find(string token)
    {
        if (!IsConfigured) return null;
        Refresh(options.Value.TokenFile!);
        return _tokens.GetValueOrDefault(token);
    }

    private void Refresh(string path)
    {
        var file = new FileInfo(path);
        (DateTime, long)? version = file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
        if (version == _version) return;
        lock (_lock)
        {
            if (version == _version) return;
            try
            {
                _tokens = StaticTokenCsv.Parse(File.ReadAllText(path));
                LogLoaded(logger, path, _tokens.Count);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                LogUnreadable(logger, path, e.Message);
            }
            _version = version;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Count} identities from the token file {Path}")]
    private static partial void LogLoaded(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token file {Path} could not be read ({Reason}); the identities read before stay in force")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
