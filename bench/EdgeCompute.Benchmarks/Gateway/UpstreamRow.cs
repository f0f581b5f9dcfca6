using System.Globalization;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>One upstream-bytes scenario and the result table.</summary>
internal sealed record UpstreamRow(string Scenario, long Frames, long Samples, CentralBrokerCapture Central, long DeviceFrameBytes, string UplinkEvents)
{
    public double BytesPerSample => (double)Central.UpPayloadBytes / Samples;

    public static void PrintTable(TextWriter output, IReadOnlyList<UpstreamRow> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("| scenario | frames | samples | `up` messages (resends) | frames per batch | device frame B/sample | batch body raw -> Brotli | `up` payload bytes | **`up` B/sample** | with MQTT PUBLISH header |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var c = r.Central;
            output.WriteLine(string.Format(inv, "| {0} | {1:N0} | {2:N0} | {3:N0} ({4}) | {5:F1} | {6:F2} | {7:N0} -> {8:N0} | {9:N0} | **{10:F2}** | {11:F2} |",
                r.Scenario, r.Frames, r.Samples, c.UpMessages, c.Resends, c.Batches == 0 ? 0 : (double)r.Frames / c.Batches,
                (double)r.DeviceFrameBytes / r.Samples, c.RawBodyBytes, c.CompressedBodyBytes, c.UpPayloadBytes, r.BytesPerSample,
                (double)(c.UpPayloadBytes + c.UpFramingBytes) / r.Samples));
        }

        output.WriteLine();
        foreach (var r in rows)
        {
            output.WriteLine(string.Format(inv, "goal ({0}): <= {1:F0} upstream bytes per raw sample: {2} ({3:F2}); batch items other than frames: {4}; uplink events: {5}",
                r.Scenario, UpstreamBytesHarness.Goal, r.BytesPerSample <= UpstreamBytesHarness.Goal ? "MET" : "MISSED", r.BytesPerSample, r.Central.OtherItems, r.UplinkEvents));
        }
    }
}
