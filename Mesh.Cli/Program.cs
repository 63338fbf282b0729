using Mesh.Cli.Commands;

// The composition root: everything else is in Commands/, which tests drive with their own CliContext.
return await MeshRootCommand.RunAsync(CliContext.FromProcess(), args);
