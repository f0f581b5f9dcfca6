namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>Writes a line to the test's output and to the console, so the numbers a test proved show in every log.</summary>
internal static class TestLog
{
    public static void Line(string text)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        Console.WriteLine(text);
    }
}
