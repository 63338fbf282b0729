using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Mesh.Grains.Identity;

/// <summary>
/// One OIDC issuer's discovery document and signing keys, fetched on first use and cached for
/// <see cref="MaximumAge"/>. A token signed by a key the cache does not have makes it fetch again at
/// once, so that an issuer's new key is trusted from its first token; such fetches happen at most once
/// per <see cref="MinimumRefreshInterval"/>, so tokens naming keys the issuer never published cannot
/// make the mesh hammer it. A refetch replaces the keys: a key the issuer stopped publishing stops validating.
/// Serves as ASP.NET Core's JWT bearer configuration manager, and for sender tokens.
/// </summary>
public sealed partial class IssuerKeys : IConfigurationManager<OpenIdConnectConfiguration>, IDisposable
{
    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaximumAge = TimeSpan.FromHours(1);

    private readonly string _discovery;
    private readonly HttpClient _http;
    private readonly HttpDocumentRetriever _retriever;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt;
    private DateTimeOffset? _lastUnknownKeyFetch;
    private bool _stale;
    private DateTimeOffset? _lastFailure;

    public IssuerKeys(string issuer, TimeProvider time, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        var trimmed = issuer.TrimEnd('/');
        _discovery = trimmed + "/.well-known/openid-configuration";
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _retriever = new HttpDocumentRetriever(_http) { RequireHttps = !new Uri(trimmed).IsLoopback };
        _time = time;
    }

    /// <exception cref="InvalidOperationException">Discovery or the keys could not be fetched, and none are cached.</exception>
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (_current is { } current && !_stale && _time.GetUtcNow() - _fetchedAt < MaximumAge) return current;
        await _fetching.WaitAsync(cancel);
        try
        {
            if (_current is { } fetched && !_stale && _time.GetUtcNow() - _fetchedAt < MaximumAge) return fetched;
            return await FetchAsync(cancel);
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>
    /// The configuration, fetched again first when it lacks the key <paramref name="token"/> names and
    /// no such fetch happened in the last <see cref="MinimumRefreshInterval"/>.
    /// </summary>
    public async Task<OpenIdConnectConfiguration> ForTokenAsync(string token, CancellationToken cancel)
    {
        var configuration = await GetConfigurationAsync(cancel);
        if (KeyIdOf(token) is not { } kid || Has(configuration, kid)) return configuration;
        await _fetching.WaitAsync(cancel);
        try
        {
            if (_current is { } current && Has(current, kid)) return current;
            var now = _time.GetUtcNow();
            if (_lastUnknownKeyFetch is { } last && now - last < MinimumRefreshInterval) return _current ?? configuration;
            _lastUnknownKeyFetch = now;
            LogUnknownKey(_logger, _discovery, kid);
            return await FetchAsync(cancel);
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>Asked by the JWT bearer handler after a key was not found; <see cref="ForTokenAsync"/> has already fetched, so only a stale cache is marked.</summary>
    public void RequestRefresh()
    {
        if (_lastUnknownKeyFetch is not { } last || _time.GetUtcNow() - last >= MinimumRefreshInterval) _stale = true;
    }

    /// <summary>The <c>kid</c> in a JWT's header, or null when the text is not a JWT or names none.</summary>
    public static string? KeyIdOf(string token)
    {
        try
        {
            return new JsonWebToken(token).Kid is { Length: > 0 } kid ? kid : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool Has(OpenIdConnectConfiguration configuration, string kid) =>
        configuration.SigningKeys.Any(k => k.KeyId == kid);

    private async Task<OpenIdConnectConfiguration> FetchAsync(CancellationToken cancel)
    {
        if (_current is null && _lastFailure is { } failed && _time.GetUtcNow() - failed < MinimumRefreshInterval)
            throw new InvalidOperationException($"the discovery document or keys of '{_discovery}' could not be fetched; trying again shortly");
        try
        {
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_discovery, _retriever, cancel);
            _current = configuration;
            _fetchedAt = _time.GetUtcNow();
            _stale = false;
            return configuration;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ArgumentException or InvalidOperationException or TaskCanceledException
            && !cancel.IsCancellationRequested)
        {
            // The issuer is unreachable or answers nonsense: keep the keys known, if any, and try again
            // no sooner than a refresh for an unknown key would.
            _lastFailure = _time.GetUtcNow();
            LogFetchFailed(_logger, e, _discovery, _current is not null);
            if (_current is { } known)
            {
                _fetchedAt = _lastFailure.Value - MaximumAge + MinimumRefreshInterval;
                _stale = false;
                return known;
            }
            throw new InvalidOperationException($"the discovery document or keys of '{_discovery}' could not be fetched: {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A token names key {Kid}, which {Discovery} did not publish when last fetched: fetching its keys again")]
    private static partial void LogUnknownKey(ILogger logger, string discovery, string kid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch {Discovery} and its keys (keeping the keys known before: {KeepsKnown}); trying again in 10 s at the earliest")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception, string discovery, bool keepsKnown);

    public void Dispose()
    {
        _http.Dispose();
        _fetching.Dispose();
    }
}
