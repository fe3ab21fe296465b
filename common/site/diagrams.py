"""Draws the posts' diagrams: posts/diagrams/NAME.dot becomes OUT/diagrams/NAME.svg
through Graphviz `dot`, which a post shows with ![caption](diagrams/NAME.svg).
Every diagram gets the look below, passed to dot as -G/-N/-E defaults, so a source only
says what is particular to it. Graphviz lets these beat a source's own top-level
`node [...]`, `edge [...]` and graph attributes, though not attributes set on a node
or edge itself, nor defaults set inside braces: posts/diagrams/README.md shows how."""
import os
import re
import shutil
import subprocess
import sys

# dot measures text with the first font of the list (setup.sh installs DejaVu) and
# writes the whole list into the SVG, for browsers on systems without DejaVu.
FONT = "DejaVu Sans,Helvetica,Arial,sans-serif"
DEFAULTS = {
    # Only what no diagram needs to change: a source cannot override these for the graph.
    "-G": {"fontname": FONT, "fontsize": "12", "bgcolor": "transparent"},
    "-N": {"fontname": FONT, "fontsize": "12", "shape": "box", "style": "rounded,filled",
           "fillcolor": "#f4f4f0", "color": "#777777", "margin": "0.14,0.06",
           "height": "0.32"},
    "-E": {"fontname": FONT, "fontsize": "11", "color": "#555555", "arrowsize": "0.7"},
}
REFERENCE = re.compile(r"\(diagrams/([\w.-]+)\.svg\b")


def render(posts_dir, posts, out):
    """Renders every posts_dir/diagrams/*.dot into out/diagrams/; stops the build when a
    post shows a diagram that has no source, or when dot rejects a source."""
    sources_dir = os.path.join(posts_dir, "diagrams")
    sources = {name[:-4] for name in os.listdir(sources_dir) if name.endswith(".dot")} \
        if os.path.isdir(sources_dir) else set()
    missing = []
    for post in posts:
        with open(os.path.join(posts_dir, post), encoding="utf-8") as f:
            missing += [f"{posts_dir}/{post} shows diagrams/{name}.svg, but there is no "
                        f"{sources_dir}/{name}.dot to draw it from"
                        for name in sorted(set(REFERENCE.findall(f.read())) - sources)]
    if missing:
        sys.exit("build_site: " + "\nbuild_site: ".join(missing))
    if not sources:
        return
    if not shutil.which("dot"):
        sys.exit("build_site: the diagrams need Graphviz's `dot`: run ./common/setup.sh")
    options = [f"{flag}{key}={value}" for flag, attributes in DEFAULTS.items()
               for key, value in attributes.items()]
    os.makedirs(os.path.join(out, "diagrams"), exist_ok=True)
    for name in sorted(sources):
        source = os.path.join(sources_dir, name + ".dot")
        svg = os.path.join(out, "diagrams", name + ".svg")
        result = subprocess.run(["dot", "-Tsvg", *options, source, "-o", svg],
                                capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"build_site: dot could not draw {source}:\n{result.stderr.rstrip()}")
        if result.stderr.strip():
            print(f"build_site: dot warns about {source}:\n{result.stderr.rstrip()}")
        print(f"  DOT     {svg}")
