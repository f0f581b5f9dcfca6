namespace EdgeCompute.Coordinator.Dashboard;

/// <summary>One embedded dashboard file as it is served.</summary>
/// <param name="Name">Its file name (<c>app.js</c>).</param>
/// <param name="Content">Its bytes.</param>
/// <param name="ContentType">Its media type with charset for text.</param>
/// <param name="ETag">A strong entity tag (a content hash), quoted.</param>
public sealed record DashboardAsset(string Name, ReadOnlyMemory<byte> Content, string ContentType, string ETag);
