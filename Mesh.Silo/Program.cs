using Mesh.Silo.Hosting;

// Settings ship beside the binary, wherever it is started from; data lives under the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddMesh();

var app = builder.Build();
app.MapMesh();
app.Run();

/// <summary>The entry point, visible to tests that host the mesh in-process.</summary>
public partial class Program;
