#!/usr/bin/env python3
"""A bar chart, as SVG, of a benchmark's output: every line
    bench WHERE NAME TRACE ... median=N ...
(what chapter 11's `make bench` prints) becomes a bar of N, grouped one panel per
(TRACE, WHERE), one bar per NAME, each panel on its own linear scale, since one trace can
cost a hundred times another. WHEREs, NAMEs and TRACEs keep the order they first appear
in. A diagram source (posts/diagrams/NN-what.py) calls main() on the output a post's
block saved, so that the chart and the table on the page come from the same run.
Usage: bench_chart.py OUTPUT_FILE [--title TEXT] [-o SVG]"""
import argparse
import html
import re
import sys

LINE = re.compile(r"^bench (\S+) +(\S+) +(\S+) .*?\bmedian=(\d+)")
FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"
# The colours of the bars, by position of the name; glibc-like references first read as
# grey when they are named so.
COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"]
REFERENCE_COLOUR = "#9d9d9d"
REFERENCES = {"glibc"}
PANEL_WIDTH, BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 330, 16, 4, 92
PANEL_GAP, TOP, ROW_GAP, VALUE_ROOM = 40, 58, 30, 64


def parse(lines):
    """{(trace, where): {name: median}}, and the orders of wheres, names and traces."""
    values, wheres, names, traces = {}, [], [], []
    for line in lines:
        match = LINE.match(line)
        if not match:
            continue
        where, name, trace, median = match.groups()
        for seen, item in ((wheres, where), (names, name), (traces, trace)):
            if item not in seen:
                seen.append(item)
        values.setdefault((trace, where), {})[name] = int(median)
    return values, wheres, names, traces


def colour(name, names):
    if name in REFERENCES:
        return REFERENCE_COLOUR
    ours = [n for n in names if n not in REFERENCES]
    return COLOURS[ours.index(name) % len(COLOURS)]


def text(x, y, content, size=12, anchor="start", weight="normal", fill="#222222"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}">{html.escape(content)}</text>')


def svg(values, wheres, names, traces, title):
    """The chart: a row of panels per trace, a column per where."""
    bars = len(names)
    panel_height = bars * (BAR_HEIGHT + BAR_GAP)
    width = len(wheres) * (PANEL_WIDTH + PANEL_GAP) + 10
    height = TOP + len(traces) * (panel_height + ROW_GAP + 18) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="{FONT}">']
    if title:
        out.append(text(10, 20, title, size=14, weight="bold"))
    for column, where in enumerate(wheres):
        x0 = 10 + column * (PANEL_WIDTH + PANEL_GAP)
        out.append(text(x0 + PANEL_WIDTH / 2, 44, where, size=13, anchor="middle",
                        weight="bold"))
    for row, trace in enumerate(traces):
        y0 = TOP + row * (panel_height + ROW_GAP + 18)
        for column, where in enumerate(wheres):
            x0 = 10 + column * (PANEL_WIDTH + PANEL_GAP)
            cell = values.get((trace, where), {})
            out.append(text(x0, y0 + 12, trace, size=12, weight="bold", fill="#444444"))
            top = max(cell.values(), default=1) or 1
            room = PANEL_WIDTH - LABEL_WIDTH - VALUE_ROOM
            for i, name in enumerate(names):
                y = y0 + 18 + i * (BAR_HEIGHT + BAR_GAP)
                out.append(text(x0 + LABEL_WIDTH - 6, y + BAR_HEIGHT - 4, name, size=11,
                                anchor="end"))
                if name not in cell:
                    out.append(text(x0 + LABEL_WIDTH, y + BAR_HEIGHT - 4, "not run",
                                    size=11, fill="#888888"))
                    continue
                length = max(1.0, room * cell[name] / top)
                out.append(f'<rect x="{x0 + LABEL_WIDTH}" y="{y}" width="{length:.1f}" '
                           f'height="{BAR_HEIGHT}" fill="{colour(name, names)}"/>')
                out.append(text(x0 + LABEL_WIDTH + length + 4, y + BAR_HEIGHT - 4,
                                f"{cell[name]:,}", size=11))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output_file")
    parser.add_argument("--title", default="")
    parser.add_argument("--expect", type=int, default=0, metavar="N",
                        help="fail unless the file has N bench lines (a run cut short)")
    parser.add_argument("-o", dest="svg")
    args = parser.parse_args(argv)
    try:
        with open(args.output_file, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as error:
        sys.exit(f"bench_chart: {error}: the post's output block writes it")
    values, wheres, names, traces = parse(lines)
    found = sum(len(cell) for cell in values.values())
    if not found or (args.expect and found != args.expect):
        sys.exit(f"bench_chart: {args.output_file} has {found} bench lines"
                 + (f", not {args.expect}" if args.expect else "")
                 + ": did the benchmark stop early?")
    chart = svg(values, wheres, names, traces, args.title)
    if args.svg:
        with open(args.svg, "w", encoding="utf-8") as f:
            f.write(chart)
    else:
        sys.stdout.write(chart)


if __name__ == "__main__":
    main()
