using System;

namespace EdgeCompute.Firmware.Kernels.Aggregation;

/// <summary>
/// Streaming count, min, max, mean and population variance of <see cref="int"/> samples, exact for any
/// samples and up to <see cref="int.MaxValue"/> of them, in integer arithmetic only (every device gets the
/// same bits). Sums are kept relative to the first sample K: S1 = Σ(x − K) fits in a <see cref="long"/>,
/// S2 = Σ(x − K)² in 128 bits. <see cref="Add"/> allocates nothing.
/// </summary>
public sealed class WindowAggregator
{
    private int _count;
    private int _min;
    private int _max;
    private long _shift;
    private long _sum;
    private Wide128 _sumOfSquares;

    /// <summary>Creates an empty aggregator.</summary>
    public WindowAggregator()
    {
        Reset();
    }

    /// <summary>The number of samples added since the last reset.</summary>
    public int Count => _count;

    /// <summary>The smallest sample, or 0 when empty.</summary>
    public int Min => _min;

    /// <summary>The largest sample, or 0 when empty.</summary>
    public int Max => _max;

    /// <summary>The mean, sum / count rounded half away from zero (exact); 0 when empty.</summary>
    public long Mean
    {
        get
        {
            if (_count == 0)
            {
                return 0;
            }

            // mean = K + S1/n = floor + rest/n with 0 <= rest < n; the sign of the whole decides how a half rounds.
            var floor = _shift + (_sum / _count);
            var rest = _sum % _count;
            if (rest < 0)
            {
                floor--;
                rest += _count;
            }

            var twiceRest = 2 * rest;
            var roundUp = floor >= 0 ? twiceRest >= _count : twiceRest > _count;
            return roundUp ? floor + 1 : floor;
        }
    }

    /// <summary>
    /// The population variance M2 / count = (n·S2 − S1²) / n², rounded half away from zero (exact);
    /// 0 for fewer than two samples.
    /// </summary>
    public long Variance
    {
        get
        {
            if (_count <= 1)
            {
                return 0;
            }

            var n = (ulong)_count;
            var numerator = Wide128.Subtract(Wide128.Multiply(_sumOfSquares, n), Wide128.Square(_sum));
            var denominator = n * n;
            var quotient = Wide128.Divide(numerator, denominator, out var remainder);

            // remainder < n² < 2^62, so doubling it cannot overflow.
            if (2 * remainder >= denominator)
            {
                quotient++;
            }

            return (long)quotient;
        }
    }

    /// <summary>Adds one sample; allocates nothing.</summary>
    /// <param name="value">The sample.</param>
    /// <exception cref="InvalidOperationException">The aggregator already holds <see cref="int.MaxValue"/> samples.</exception>
    public void Add(int value)
    {
        if (_count == 0)
        {
            _shift = value;
            _min = value;
            _max = value;
        }
        else if (_count == int.MaxValue)
        {
            throw new InvalidOperationException("Window full.");
        }
        else if (value < _min)
        {
            _min = value;
        }
        else if (value > _max)
        {
            _max = value;
        }

        // |d| < 2^32, so d² < 2^64 fits a ulong and |S1| < 2^31 · 2^32 fits a long.
        var delta = value - _shift;
        var magnitude = Wide128.Magnitude(delta);
        _sum += delta;
        _sumOfSquares.Add(magnitude * magnitude);
        _count++;
    }

    /// <summary>
    /// Adds <paramref name="times"/> copies of one sample in O(1), so tests can reach the
    /// <see cref="int.MaxValue"/> sample limit without two billion calls.
    /// </summary>
    internal void AddRepeated(int value, int times)
    {
        if (times <= 0)
        {
            return;
        }

        Add(value);
        var more = times - 1;
        if (more == 0)
        {
            return;
        }

        if (_count > int.MaxValue - more)
        {
            throw new InvalidOperationException("Window full.");
        }

        var delta = value - _shift;
        var magnitude = Wide128.Magnitude(delta);
        var square = Wide128.Multiply(magnitude, magnitude);
        var added = Wide128.Multiply(square, (ulong)more);
        _sumOfSquares = Wide128.Add(_sumOfSquares, added);
        _sum += delta * more;
        _count += more;
    }

    /// <summary>Empties the aggregator for the next window.</summary>
    public void Reset()
    {
        _count = 0;
        _min = 0;
        _max = 0;
        _shift = 0;
        _sum = 0;
        _sumOfSquares = new Wide128(0, 0);
    }
}
