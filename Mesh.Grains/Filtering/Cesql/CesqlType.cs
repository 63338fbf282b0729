namespace Mesh.Grains.Filtering.Cesql;

/// <summary>The three primitive types of CESQL (spec §3.1).</summary>
public enum CesqlType : byte
{
    Boolean,
    Integer,
    String,
}
