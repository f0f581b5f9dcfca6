using System.Globalization;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// A progress bar on one line: redrawn in place (carriage return) on a terminal, and in a log or a pipe written as a
/// new line only when it moves by a tenth, so a long job leaves ten lines rather than thousands.
/// </summary>
internal sealed class ProgressLine
{
    private const int Width = 24;
    private readonly TextWriter _out;
    private readonly bool _interactive;
    private int _lastTenth = -1;
    private bool _open;

    /// <summary>Creates a progress line on <paramref name="output"/>.</summary>
    /// <param name="output">Where to draw.</param>
    /// <param name="interactive">True on a terminal (redraw in place).</param>
    public ProgressLine(TextWriter output, bool interactive)
    {
        _out = output;
        _interactive = interactive;
    }

    /// <summary>Draws the bar at <paramref name="done"/> of <paramref name="total"/> with a text after it.</summary>
    /// <param name="label">What progresses (<c>upload</c>, <c>tasks</c>).</param>
    /// <param name="done">How much is done.</param>
    /// <param name="total">How much there is.</param>
    /// <param name="text">The figures after the bar.</param>
    public void Draw(string label, long done, long total, string text)
    {
        var fraction = total <= 0 ? 1.0 : Math.Clamp((double)done / total, 0, 1);
        var filled = (int)Math.Round(fraction * Width);
        var line = string.Create(CultureInfo.InvariantCulture, $"{label,-7}[{new string('#', filled)}{new string('.', Width - filled)}] {text}");
        if (_interactive)
        {
            _out.Write("\r" + line.PadRight(100));
            _open = true;
            return;
        }

        var tenth = (int)(fraction * 10);
        if (tenth != _lastTenth)
        {
            _lastTenth = tenth;
            _out.WriteLine(line);
        }
    }

    /// <summary>Ends the line (on a terminal) so what follows starts on its own line.</summary>
    public void Finish()
    {
        if (_open)
        {
            _out.WriteLine();
            _open = false;
        }
    }
}
