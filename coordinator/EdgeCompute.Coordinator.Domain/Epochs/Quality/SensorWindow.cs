namespace EdgeCompute.Coordinator.Domain.Epochs.Quality;

/// <summary>One channel's window summary from one device, as the data quality checks see it (values in the channel's unit).</summary>
/// <param name="Device">The device id.</param>
/// <param name="Owner">The owner's payout account (what a data credit names).</param>
/// <param name="Approved">Whether the device is approved for data rewards.</param>
/// <param name="Gateway">The gateway the device is behind (neighbours are devices behind the same gateway).</param>
/// <param name="Channel">The channel name (<c>temp</c>, <c>hum</c>, <c>press</c>, …).</param>
/// <param name="WindowStartMs">Window start, ms since the Unix epoch.</param>
/// <param name="Count">Readings in the window (the protocol's count); not negative.</param>
/// <param name="Min">Smallest reading.</param>
/// <param name="Max">Largest reading.</param>
/// <param name="Mean">Mean reading.</param>
public sealed record SensorWindow(string Device, string Owner, bool Approved, string Gateway, string Channel, long WindowStartMs, long Count,
    double Min, double Max, double Mean);
