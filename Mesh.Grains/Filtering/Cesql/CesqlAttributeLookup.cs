namespace Mesh.Grains.Filtering.Cesql;

/// <summary>Reads one attribute of the input event; false when the event does not carry it.</summary>
public delegate bool CesqlAttributeLookup(string name, out object? value);
