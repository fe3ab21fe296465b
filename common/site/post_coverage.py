#!/usr/bin/env python3
"""How much of what a chapter adds its post shows: for each post NN-name.md, the
lines that chapter NN-name adds or changes against the chapter before it (kernel
code: boot/, kernel/, linker.ld, Makefile; tests/ apart), and how many of them
appear in the post's listings (its include= code blocks, filled in by
include_code.lua). A reader following the post types what it shows, so what it
does not show they must find for themselves.
Usage: post_coverage.py [posts/NN-name.md ...]     (from the repository root)"""
import difflib
import glob
import json
import os
import subprocess
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def listings(post):
    """Counter of (file, stripped line) over every line the post's listings show."""
    result = subprocess.run(["pandoc", post, "-t", "json", "--lua-filter",
                             os.path.join(HERE, "include_code.lua")],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"post_coverage: pandoc could not render {post}:\n{result.stderr}")
    shown = Counter()

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Div" and "listing" in node["c"][0][1]:
                caption, block = node["c"][1][0], node["c"][1][1]
                path = caption["c"][0]["c"][1]
                for line in block["c"][1].splitlines():
                    if line.strip():
                        shown[(path, line.strip())] += 1
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(json.loads(result.stdout))
    return shown


def added_lines(before, after):
    """(file, stripped line) for each non-blank line chapter `after` adds or changes."""
    added = []
    for path in sorted(glob.glob(f"{after}/**/*", recursive=True)):
        relative = os.path.relpath(path, after)
        if not os.path.isfile(path) or relative.startswith(("build", "tests")) \
                or "__pycache__" in relative:
            continue
        old_path = os.path.join(before, relative)
        old = open(old_path).read().splitlines() if os.path.exists(old_path) else []
        new = open(path).read().splitlines()
        for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
            if tag in ("replace", "insert"):
                added += [(f"{after}/{relative}", line.strip()) for line in new[j1:j2]
                          if line.strip()]
    return added


def coverage(post):
    chapter = os.path.basename(post)[:-3]
    chapters = sorted(os.path.dirname(m) for m in glob.glob("[0-9][0-9]-*/Makefile"))
    if chapter not in chapters or chapters.index(chapter) == 0:
        return None
    added = added_lines(chapters[chapters.index(chapter) - 1], chapter)
    shown = listings(post)
    missing = Counter()
    for key in added:
        if shown[key] > 0:
            shown[key] -= 1
        else:
            missing[key[0]] += 1
    return len(added), len(added) - sum(missing.values()), missing


def main():
    os.chdir(ROOT)
    for post in sys.argv[1:] or sorted(glob.glob("posts/[0-9][0-9]-*.md")):
        result = coverage(post)
        if result is None:
            continue
        total, shown, missing = result
        print(f"{post}: shows {shown} of {total} added non-test lines "
              f"({100 * shown / max(total, 1):.0f}%)")
        for path, count in missing.most_common():
            print(f"    {count:4} not shown from {path}")


if __name__ == "__main__":
    main()
