using Mesh.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddMesh();

var app = builder.Build();
app.MapMesh();
app.Run();

/// <summary>The entry point, visible to tests that host the mesh in-process.</summary>
public partial class Program;
