namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// Two nodes of different owners caught returning the same wrong answer for one task (the same canonical bytes, both judged
/// invalid, by the coordinator's re-execution or by a quorum of others): collusion, not chance, so the scheduler never
/// places them as replicas of one task again (<see cref="Scheduling.NodePool"/>). Ordered: <see cref="First"/> sorts
/// before <see cref="Second"/> (ordinal), so a pair is one value whichever way it was found.
/// </summary>
/// <param name="First">The node whose id sorts first.</param>
/// <param name="Second">The other node.</param>
public readonly record struct ColludingPair(string First, string Second)
{
    /// <summary>The pair of two distinct nodes, in order.</summary>
    /// <param name="a">One node.</param>
    /// <param name="b">The other.</param>
    /// <returns>The pair.</returns>
    public static ColludingPair Of(string a, string b)
    {
        ArgumentException.ThrowIfNullOrEmpty(a);
        ArgumentException.ThrowIfNullOrEmpty(b);
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            throw new ArgumentException("A pair is two different nodes.", nameof(b));
        }

        return string.CompareOrdinal(a, b) < 0 ? new(a, b) : new(b, a);
    }

    /// <summary>
    /// The pairs a task's verdicts prove: every two invalid results of different nodes and different owners whose canonical
    /// bytes (<see cref="CanonicalResult"/>) are equal.
    /// </summary>
    /// <param name="judged">Each result with its outcome.</param>
    /// <param name="ownerOf">A node's owner (as its assignment recorded it).</param>
    /// <returns>The pairs, each once, in the order found.</returns>
    public static IReadOnlyList<ColludingPair> Detect(IEnumerable<(SubmittedResult Result, VerificationOutcome Outcome)> judged, Func<string, string> ownerOf)
    {
        ArgumentNullException.ThrowIfNull(judged);
        ArgumentNullException.ThrowIfNull(ownerOf);
        var wrong = judged.Where(j => j.Outcome.Status == VerificationStatus.Invalid && j.Outcome.ReasonCode != VerificationReasonCode.DeadlineMissed)
            .Select(j => (Node: j.Result.Key.DeviceId, Bytes: Convert.ToHexString(CanonicalResult.Encode(j.Result.Result))))
            .ToList();
        var pairs = new List<ColludingPair>();
        for (var i = 0; i < wrong.Count; i++)
        {
            for (var j = i + 1; j < wrong.Count; j++)
            {
                if (string.Equals(wrong[i].Bytes, wrong[j].Bytes, StringComparison.Ordinal) && !string.Equals(wrong[i].Node, wrong[j].Node, StringComparison.Ordinal)
                    && !string.Equals(ownerOf(wrong[i].Node), ownerOf(wrong[j].Node), StringComparison.Ordinal)
                    && Of(wrong[i].Node, wrong[j].Node) is var pair && !pairs.Contains(pair))
                {
                    pairs.Add(pair);
                }
            }
        }

        return pairs;
    }
}
