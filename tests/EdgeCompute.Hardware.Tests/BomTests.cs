namespace EdgeCompute.Hardware.Tests;

/// <summary>The bills of materials: the columns people order from, and prices marked as what they are.</summary>
public sealed class BomTests
{
    private static readonly string[] Header =
        ["part", "manufacturer", "manufacturer_part_number", "quantity", "indicative_unit_price_usd", "price_date", "price_status", "notes"];

    [Theory]
    [InlineData("hardware/esp32-bme280-node/bom.csv")]
    [InlineData("hardware/pi-gateway/bom.csv")]
    public void Bom_rows_have_a_part_number_a_quantity_and_a_dated_unverified_price(string path)
    {
        var lines = RepositoryFiles.Read(path).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(Header, Split(lines[0]));
        Assert.True(lines.Count > 1, "empty BOM");
        foreach (var line in lines.Skip(1))
        {
            var cells = Split(line);
            Assert.Equal(Header.Length, cells.Length);
            Assert.False(string.IsNullOrWhiteSpace(cells[2]), $"no manufacturer part number: {line}");
            Assert.True(int.TryParse(cells[3], out var quantity) && quantity > 0, $"bad quantity: {line}");
            Assert.True(decimal.TryParse(cells[4], System.Globalization.CultureInfo.InvariantCulture, out _), $"bad price: {line}");
            Assert.Equal("2026-11", cells[5]);
            Assert.Equal("unverified", cells[6]);
        }
    }

    [Theory]
    [InlineData("hardware/esp32-bme280-node")]
    [InlineData("hardware/pi-gateway")]
    public void Board_README_says_prices_are_indicative_and_unverified(string board)
    {
        var readme = RepositoryFiles.Read(board + "/README.md");
        Assert.Contains("bom.csv", readme, StringComparison.Ordinal);
        Assert.Contains("unverified", readme, StringComparison.Ordinal);
    }

    // Simple CSV: fields may be quoted (with "" for a quote), no line breaks inside fields.
    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells.ToArray();
    }
}
