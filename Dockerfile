# The mesh's image: build with the SDK, run on the ASP.NET runtime.
#   docker build -t mesh .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY Mesh.Grains/Mesh.Grains.csproj Mesh.Grains/
COPY Mesh.Gateway/Mesh.Gateway.csproj Mesh.Gateway/
COPY Mesh.Operator/Mesh.Operator.csproj Mesh.Operator/
COPY Mesh.Silo/Mesh.Silo.csproj Mesh.Silo/
RUN dotnet restore Mesh.Silo/Mesh.Silo.csproj
COPY Mesh.Grains/ Mesh.Grains/
COPY Mesh.Gateway/ Mesh.Gateway/
COPY Mesh.Operator/ Mesh.Operator/
COPY Mesh.Silo/ Mesh.Silo/
RUN dotnet publish Mesh.Silo/Mesh.Silo.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The image's non-root user; /var/lib/mesh is the data volume in deploy/base/500-mesh.yaml.
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 Mesh__DataDirectory=/var/lib/mesh
EXPOSE 8080 11111 30000
ENTRYPOINT ["dotnet", "Mesh.Silo.dll"]
