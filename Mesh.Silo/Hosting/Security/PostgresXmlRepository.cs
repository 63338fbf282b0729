using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Mesh.Silo.Hosting.Security;

/// <summary>
/// Cluster mode: Data Protection's key ring in the cluster database, one row per key, so that a
/// secret protected by one silo is readable by every other (no package provides this for Npgsql
/// without Entity Framework).
/// </summary>
internal sealed class PostgresXmlRepository(string connectionString, Func<string> serviceId) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT Xml FROM MeshDataProtectionKeys WHERE ServiceId = @service ORDER BY FriendlyName", connection);
        command.Parameters.AddWithValue("service", serviceId());
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "INSERT INTO MeshDataProtectionKeys (ServiceId, FriendlyName, Xml) VALUES (@service, @name, @xml) ON CONFLICT DO NOTHING", connection);
        command.Parameters.AddWithValue("service", serviceId());
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
