global using System.Text.Json.Nodes;
global using Mesh.Tests.Infrastructure;
