#!/usr/bin/env python3
"""A post's size and shape, and the two rules of CONVENTIONS.md's "Posts" that a
program can check:
- at most WORD_BUDGET prose words: the words a reader meets on the rendered page,
  headings, paragraphs, lists and captions, without code blocks (listings and
  outputs), tables and folded blocks;
- no run of RUN_LIMIT or more code blocks (listings, outputs, folded blocks) with no
  sentence between them.
It also checks, for every post, that no listing has a line wider than MAX_COLUMNS,
the width the stylesheet's code box holds at 1280 px.
build_site.py fails a post that breaks either, unless its front matter says
`style-checks: pending` (a post written before the rules, waiting for its rewrite),
in which case they are printed as warnings. Run alone, it prints a table:
Usage: post_stats.py [posts/NN-name.md ...]   (from the repository root)"""
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import include_fences  # noqa: E402
import outputs  # noqa: E402

WORD_BUDGET = 6000
RUN_LIMIT = 3
# The widest listing line that style.css's code box holds at 1280 px, with its line
# number (tabs at 8 columns): checked here, so that the build needs no browser.
MAX_COLUMNS = 108


def is_code(block):
    kind = block.get("t")
    if kind in ("CodeBlock", "RawBlock"):
        return True
    if kind == "Div":
        classes = block["c"][0][1]
        return "listing" in classes or "fold" in classes
    return False


def prose_only(blocks):
    """The blocks without code, tables and folded blocks, recursively."""
    kept = []
    for block in blocks:
        if is_code(block) or block.get("t") == "Table":
            continue
        if block.get("t") == "Div":
            block = {"t": "Div", "c": [block["c"][0], prose_only(block["c"][1])]}
        elif block.get("t") in ("BulletList", "OrderedList"):
            items = block["c"] if block["t"] == "BulletList" else block["c"][1]
            items = [prose_only(item) for item in items]
            block = {"t": block["t"], "c": items if block["t"] == "BulletList"
                     else [block["c"][0], items]}
        elif block.get("t") == "BlockQuote":
            block = {"t": "BlockQuote", "c": prose_only(block["c"])}
        kept.append(block)
    return kept


def prose_words(ast):
    filtered = dict(ast)
    filtered["blocks"] = prose_only(ast["blocks"])
    filtered["meta"] = {}
    text = subprocess.run(["pandoc", "-f", "json", "-t", "plain", "--wrap=none"],
                          input=json.dumps(filtered), capture_output=True, text=True,
                          check=True).stdout
    return len(text.split())


def code_runs(post, ast):
    """(line, length, heading) of every run of RUN_LIMIT or more code blocks in a row."""
    include_lines = iter(number for number, _ in include_fences.include_fences(post))
    output_lines = iter(outputs.source_lines(post)[0])
    runs, current, heading = [], [], ""

    def line_of(block):
        if block.get("t") == "Div" and "listing" in block["c"][0][1]:
            return next(include_lines, None)
        if block.get("t") == "CodeBlock" and "output" in block["c"][0][1]:
            return next(output_lines, None)
        if block.get("t") == "Div":
            found = [line_of(b) for b in block["c"][1] if is_code(b)]
            return next((line for line in found if line), None)
        return None

    def close():
        if len(current) >= RUN_LIMIT:
            line = next((line for line in current if line), None)
            runs.append((line, len(current), heading))
        current.clear()

    for block in ast["blocks"]:
        if is_code(block):
            current.append(line_of(block))
            continue
        close()
        if block.get("t") == "Header":
            heading = outputs.stringify(block["c"][2])
    close()
    return runs


def counts(ast):
    listings = folded = generated_or_checked = 0

    def walk(node, in_fold=False):
        nonlocal listings, folded, generated_or_checked
        if isinstance(node, dict):
            kind = node.get("t")
            if kind == "Div":
                classes = node["c"][0][1]
                if "listing" in classes:
                    listings += 1
                    folded += in_fold
                in_fold = in_fold or "fold" in classes
            if kind in ("CodeBlock", "Span") and "output" in node["c"][0][1]:
                generated_or_checked += 1
            for value in node.values():
                walk(value, in_fold)
        elif isinstance(node, list):
            for value in node:
                walk(value, in_fold)
    walk(ast["blocks"])
    return listings, folded, generated_or_checked


def pending(ast):
    value = ast.get("meta", {}).get("style-checks")
    return value is not None and "pending" in outputs.stringify(value.get("c", []))


def wide_listings(post, ast):
    """Listings with a line wider than the code box, as problems."""
    problems = []
    include_lines = iter(number for number, _ in include_fences.include_fences(post))

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Div" and "listing" in node["c"][0][1]:
                line = next(include_lines, "?")
                attributes = dict(node["c"][0][2])
                code = next(b for b in node["c"][1] if b.get("t") == "CodeBlock")
                first = int(attributes["data-lines"].split("-")[0])
                for i, text in enumerate(code["c"][1].split("\n")):
                    if len(text.expandtabs(8)) > MAX_COLUMNS:
                        problems.append(f"{post}:{line}: line {first + i} of "
                                        f"{attributes['data-file']} is "
                                        f"{len(text.expandtabs(8))} columns wide, more than "
                                        f"the {MAX_COLUMNS} the page's code box holds")
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(ast["blocks"])
    return problems


def style_problems(post, ast):
    """The rule breaks of a post as "post:line: ..." strings; for a post whose checks
    are pending, printed as warnings and not returned (the width of listings is
    checked for every post)."""
    wide = wide_listings(post, ast)
    problems = []
    words = prose_words(ast)
    if words > WORD_BUDGET:
        problems.append(f"{post}: {words} prose words, over the budget of {WORD_BUDGET} "
                        f"(code, tables and folded blocks not counted)")
    for line, length, heading in code_runs(post, ast):
        problems.append(f"{post}:{line or '?'}: {length} code blocks in a row with no "
                        f"sentence between them (section \"{heading}\")")
    if pending(ast):
        for problem in problems:
            print(f"  warning: {problem} [style-checks: pending]")
        return wide
    return wide + problems


def first_pass(post):
    result = subprocess.run(["pandoc", post, "-t", "json", "--preserve-tabs",
                             "--lua-filter", os.path.join(HERE, "include_code.lua")],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main():
    os.chdir(ROOT)
    print(f"{'post':28} {'prose words':>11} {'listings':>9} {'folded':>7} "
          f"{'outputs':>8} {'runs>=3':>8}")
    for post in sys.argv[1:] or sorted(glob.glob("posts/[0-9][0-9]-*.md")):
        ast = first_pass(post)
        listings, folded, markers = counts(ast)
        runs = code_runs(post, ast)
        print(f"{os.path.basename(post):28} {prose_words(ast):>11} {listings:>9} "
              f"{folded:>7} {markers:>8} {len(runs):>8}")
        for line, length, heading in runs:
            print(f"    {post}:{line or '?'}: {length} in a row, in \"{heading}\"")


if __name__ == "__main__":
    main()
