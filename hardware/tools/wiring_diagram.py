#!/usr/bin/env python3
"""Draws hardware/<board>/wiring.svg from hardware/<board>/pins.json (standard library only).

    python3 hardware/tools/wiring_diagram.py            # every board folder with a pins.json

The diagram shows each wire of the pin map: the board's pin on the left, the part's pin on the right. It is
generated, so it cannot drift from pins.json; tests/EdgeCompute.Hardware.Tests checks it is up to date.
"""
import json
import os
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
HARDWARE = os.path.dirname(HERE)
ROW = 44
TOP = 110
COLOURS = {"3.3 V supply": "#d62728", "ground": "#222222"}
PALETTE = ["#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"]


def colour(row, index):
    return COLOURS.get(row["signal"], PALETTE[index % len(PALETTE)])


def board_label(row):
    if "headerPin" in row:
        return "%s  (pin %d)" % (row["board"], row["headerPin"])
    return row["board"]


def row_ys(rows):
    """The y of each row; a gap between parts so that their boxes and titles do not touch."""
    ys, y = [], TOP
    for i, row in enumerate(rows):
        if i > 0 and row["part"] != rows[i - 1]["part"]:
            y += 40
        ys.append(y)
        y += ROW
    return ys


def draw(pin_map):
    rows = pin_map["wiring"]
    parts = []
    for row in rows:
        if row["part"] not in parts:
            parts.append(row["part"])
    ys = row_ys(rows)
    bottom = ys[-1] + ROW
    height = bottom + 110
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="980" height="%d" viewBox="0 0 980 %d" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="14">' % (height, height),
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        '<text x="20" y="32" font-size="20" font-weight="bold">%s: wiring</text>' % escape(pin_map["board"]),
        '<text x="20" y="56" fill="#444">Generated from pins.json by hardware/tools/wiring_diagram.py</text>',
        '<rect x="20" y="%d" width="300" height="%d" rx="8" fill="#eef3f8" stroke="#335"/>'
        % (TOP - 30, bottom - TOP + 20),
        '<text x="30" y="%d" font-weight="bold">%s</text>' % (TOP - 38, escape(pin_map["controller"])),
    ]
    # One box per part, spanning its rows.
    for part in parts:
        indices = [i for i, r in enumerate(rows) if r["part"] == part]
        y0 = ys[indices[0]] - 24
        y1 = ys[indices[-1]] + 28
        out.append('<rect x="640" y="%d" width="320" height="%d" rx="8" fill="#f8f3ea" stroke="#533"/>'
                   % (y0, y1 - y0))
        out.append('<text x="650" y="%d" font-weight="bold">%s</text>' % (y0 - 6, escape(part)))
    for i, row in enumerate(rows):
        y = ys[i]
        c = colour(row, i)
        out.append('<text x="30" y="%d">%s</text>' % (y + 5, escape(board_label(row))))
        out.append('<text x="650" y="%d">%s</text>' % (y + 5, escape(row["partPin"])))
        out.append('<text x="650" y="%d" font-size="11" fill="#555">%s</text>' % (y + 20, escape(row["signal"])))
        if row["board"] == "not connected":
            out.append('<text x="440" y="%d" fill="#777">(not connected)</text>' % (y + 5))
            continue
        out.append('<circle cx="320" cy="%d" r="5" fill="%s"/>' % (y, c))
        out.append('<circle cx="640" cy="%d" r="5" fill="%s"/>' % (y, c))
        out.append('<line x1="320" y1="%d" x2="640" y2="%d" stroke="%s" stroke-width="3"/>' % (y, y, c))
    if "oneWire" in pin_map:
        # The pull-up: a resistor from the probe's supply wire to its data wire.
        supply = [ys[i] for i, r in enumerate(rows) if r["part"] == "DS18B20" and r["signal"] == "3.3 V supply"]
        data = [ys[i] for i, r in enumerate(rows) if r["part"] == "DS18B20" and r["board"].startswith("GPIO")]
        if supply and data:
            top, low = supply[0], data[0]
            out.append('<line x1="560" y1="%d" x2="560" y2="%d" stroke="#555" stroke-width="2"/>' % (top, low))
            mid = (top + low) // 2
            out.append('<rect x="552" y="%d" width="16" height="40" fill="#fff" stroke="#555" stroke-width="2"/>' % (mid - 20))
            out.append('<circle cx="560" cy="%d" r="4" fill="#555"/><circle cx="560" cy="%d" r="4" fill="#555"/>' % (top, low))
            out.append('<text x="574" y="%d" fill="#333">%s</text>' % (mid + 5, escape("%.1f kΩ" % (pin_map["oneWire"]["pullUpOhms"] / 1000.0))))
    notes = []
    if "bme280" in pin_map:
        notes.append("BME280 at I2C address %s (SDO to %s)" % (pin_map["bme280"]["address"], pin_map["bme280"]["sdo"]))
    if "oneWire" in pin_map:
        notes.append("DS18B20 DQ needs a %d ohm pull-up to 3V3 (the probe kit's resistor)" % pin_map["oneWire"]["pullUpOhms"])
    for n, note in enumerate(notes):
        out.append('<text x="20" y="%d" fill="#333">%s</text>' % (bottom + 40 + 22 * n, escape(note)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    for name in sorted(os.listdir(HARDWARE)):
        pins = os.path.join(HARDWARE, name, "pins.json")
        if os.path.isfile(pins):
            with open(pins, encoding="utf-8") as f:
                svg = draw(json.load(f))
            with open(os.path.join(HARDWARE, name, "wiring.svg"), "w", encoding="utf-8", newline="\n") as f:
                f.write(svg)
            print("wrote", os.path.join(name, "wiring.svg"))


if __name__ == "__main__":
    main()
