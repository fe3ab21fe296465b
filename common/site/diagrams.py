"""Draws the posts' diagrams: posts/diagrams/NAME.dot becomes OUT/diagrams/NAME.svg
through Graphviz `dot`, which a post shows with ![caption](diagrams/NAME.svg).
Every diagram gets the look below, so that a source only says what is particular to it.
The defaults go in as the first statements of the graph, on its first line (so dot's
line numbers stay right), where any attribute the source sets afterwards, top-level
`node [...]` included, wins over them. (dot's -G/-N/-E flags would not do: their values
beat a source's own top-level defaults.)

A number that comes from a build (an address, a size) is never typed into a source:
write {{$ COMMAND}} and the command's output (one line) takes its place, run from the
repository root after the chapters are built, e.g.
    {{$ nm 02-minimal-kernel/build/kernel.elf | awk '/ p4_table$/ {print "0x" substr($1, 11)}'}}
so that a diagram, like the posts' outputs, always shows the build it is drawn with.

A picture that is not a graph (a chart) can come from a program instead:
posts/diagrams/NAME.py is run with python3 from the repository root, after the posts'
outputs have run (so it can read what one of them saved), with common/site on its
PYTHONPATH, and what it prints is NAME.svg."""
import os
import re
import shutil
import subprocess
import sys

# dot measures text with the first font of the list (setup.sh installs DejaVu) and
# writes the whole list into the SVG, for browsers on systems without DejaVu.
FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"
DEFAULTS = {
    "graph": {"fontname": FONT, "fontsize": "12", "bgcolor": "transparent"},
    "node": {"fontname": FONT, "fontsize": "12", "shape": "box", "style": "rounded,filled",
             "fillcolor": "#f4f4f0", "color": "#777777", "margin": "0.14,0.06",
             "height": "0.32"},
    "edge": {"fontname": FONT, "fontsize": "11", "color": "#555555", "arrowsize": "0.7"},
}
PREAMBLE = " ".join(
    f"{kind} [" + ", ".join(f'{key}="{value}"' for key, value in attributes.items()) + "];"
    for kind, attributes in DEFAULTS.items())
# Up to the brace that opens the graph, past comments: [strict] (graph|digraph) [name] {
GRAPH_START = re.compile(
    r"\A(?:\s|//[^\n]*|#[^\n]*|/\*.*?\*/)*(?:strict\s+)?(?:di)?graph\b[^{]*\{", re.S | re.I)
REFERENCE = re.compile(r"\(diagrams/([\w.-]+)\.svg\b")
FROM_BUILD = re.compile(r"\{\{\$ (.*?)\}\}")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def render(posts_dir, posts, out, only_shown=False):
    """Renders every posts_dir/diagrams/*.dot into out/diagrams/ (with only_shown, just
    those the given posts show); stops the build when a post shows a diagram that has
    no source, or when dot rejects a source."""
    sources_dir = os.path.join(posts_dir, "diagrams")
    files = os.listdir(sources_dir) if os.path.isdir(sources_dir) else []
    sources = {name[:-4] for name in files if name.endswith(".dot")}
    programs = {name[:-3] for name in files if name.endswith(".py")}
    sources |= programs
    missing, shown = [], set()
    for post in posts:
        with open(os.path.join(posts_dir, post), encoding="utf-8") as f:
            names = set(REFERENCE.findall(f.read()))
        shown |= names
        missing += [f"{posts_dir}/{post} shows diagrams/{name}.svg, but there is no "
                    f"{sources_dir}/{name}.dot (or .py) to draw it from"
                    for name in sorted(names - sources)]
    if missing:
        sys.exit("build_site: " + "\nbuild_site: ".join(missing))
    if not sources:
        return
    if sources - programs and not shutil.which("dot"):
        sys.exit("build_site: the diagrams need Graphviz's `dot`: run ./common/setup.sh")
    os.makedirs(os.path.join(out, "diagrams"), exist_ok=True)
    for name in sorted(sources & shown if only_shown else sources):
        if name in programs:
            run_program(os.path.join(sources_dir, name + ".py"),
                        os.path.join(out, "diagrams", name + ".svg"))
            continue
        draw(os.path.join(sources_dir, name + ".dot"),
             os.path.join(out, "diagrams", name + ".svg"))


def fill_from_build(source, text):
    """The source with each {{$ COMMAND}} replaced by what the command prints."""
    import outputs

    def run(match):
        line = text.count("\n", 0, match.start()) + 1
        result = subprocess.run(["bash", "-c", match.group(1)], cwd=ROOT,
                                env=outputs.environment(), capture_output=True, text=True)
        value = result.stdout.strip()
        if result.returncode != 0 or not value or "\n" in value:
            sys.exit(f"{source}:{line}: {{{{$ {match.group(1)}}}}} must print one line and "
                     f"succeed; it printed {result.stdout!r} {result.stderr.strip()!r}")
        return value
    return FROM_BUILD.sub(run, text)


def run_program(source, svg):
    """Runs a diagram program; its standard output, an SVG, becomes svg."""
    import outputs
    env = outputs.environment()
    env["PYTHONPATH"] = os.path.dirname(os.path.abspath(__file__))
    result = subprocess.run([sys.executable, os.path.abspath(source)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0 or "<svg" not in result.stdout[:200]:
        sys.exit(f"build_site: {source} did not draw its picture (status "
                 f"{result.returncode}):\n{result.stderr.rstrip()}")
    with open(svg, "w", encoding="utf-8") as f:
        f.write(result.stdout)
    print(f"  CHART   {svg}")


def draw(source, svg):
    """Runs dot on source with the shared defaults, or stops the build with its message."""
    with open(source, encoding="utf-8") as f:
        text = f.read()
    text = fill_from_build(source, text)
    start = GRAPH_START.match(text)
    if not start:
        sys.exit(f"build_site: {source} does not start with `digraph NAME {{` (or graph)")
    result = subprocess.run(["dot", "-Tsvg", "-o", svg],
                            input=text[:start.end()] + " " + PREAMBLE + text[start.end():],
                            capture_output=True, text=True)
    messages = result.stderr.replace("<stdin>", source).rstrip()
    if result.returncode != 0:
        sys.exit(f"build_site: dot could not draw {source}:\n{messages}")
    if messages:
        print(f"build_site: dot warns about {source}:\n{messages}")
    print(f"  DOT     {svg}")
