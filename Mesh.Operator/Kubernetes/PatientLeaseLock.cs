using System.Net;
using k8s.Autorest;
using k8s.LeaderElection;

namespace Mesh.Operator.Kubernetes;

/// <summary>
/// The Lease lock, with a transport failure (API server restarting, connection refused) answered
/// as a failed attempt instead of an exception. KubernetesClient's <see cref="LeaderElector"/>
/// retries failed attempts until <c>RenewDeadline</c>, as client-go does, but gives up leadership
/// at the first exception — which would make every API-server blip a change of leader and a relist.
/// </summary>
public sealed class PatientLeaseLock(ILock inner) : ILock
{
    public string Identity => inner.Identity;

    public string Describe() => inner.Describe();

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.GetAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            // The elector treats an HTTP error other than 404 on the read as "try again".
            throw new HttpOperationException($"The Lease {inner.Describe()} could not be read: {e.Message}", e)
            {
                Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), ""),
            };
        }
    }

    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.CreateAsync(record, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.UpdateAsync(record, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
