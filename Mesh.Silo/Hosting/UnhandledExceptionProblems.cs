namespace Mesh.Silo.Hosting;

/// <summary>
/// The last line of defence for an exception no endpoint expected: a problem+json 500 that says
/// where to look instead of an empty answer, logged with the request's path. Kestrel's own
/// rejections (a body cut short, a limit passed) keep their 4xx and are no errors.
/// </summary>
internal sealed partial class UnhandledExceptionProblems(RequestDelegate next, ILogger<UnhandledExceptionProblems> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // The client's fault (a body cut short or too slow, a limit passed): its 4xx, not an error in the log.
            LogRejected(logger, context.Request.Method, context.Request.Path, e.StatusCode, e.Message);
            context.Response.StatusCode = e.StatusCode;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            LogUnhandled(logger, e, context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted) throw;
            context.Response.Clear();
            await Results.Problem(title: "The mesh failed to answer.", statusCode: StatusCodes.Status500InternalServerError,
                detail: $"An unexpected {e.GetType().Name} occurred; the mesh's log has it.",
                type: "https://mesh.dev/problems/internal-error").ExecuteAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected {Method} {Path} with {StatusCode}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string method, string path, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception answering {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception e, string method, string path);
}
