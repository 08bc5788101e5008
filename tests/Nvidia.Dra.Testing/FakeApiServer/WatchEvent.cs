using System.Text.Json.Nodes;

namespace Nvidia.Dra.Testing.FakeApiServer;

/// <summary>One change of a stored object, as a watch streams it.</summary>
/// <param name="ResourceVersion">The resource version the change produced.</param>
/// <param name="Type"><c>ADDED</c>, <c>MODIFIED</c> or <c>DELETED</c>.</param>
/// <param name="Object">The object after the change (before it, for <c>DELETED</c>).</param>
internal sealed record WatchEvent(long ResourceVersion, string Type, JsonObject Object);
