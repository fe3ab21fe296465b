"""Finds code fences that ask for an include (```{.c include="..."}) but that pandoc
does not read as a code block. Pandoc rejects the whole {...} when it cannot parse it
(an attribute value that starts with a space is enough) and then renders the fence line
as inline code, so the page shows `{.c include=...}` instead of the code, and
include_code.lua never sees the block. Each such fence line is parsed again here, alone,
by the same pandoc, so the answer is pandoc's own."""
import json
import re
import subprocess

# A fence opens with three or more backticks or tildes; its attributes follow in braces.
FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")


def include_fences(path):
    """(line number, line) of every fence opener in the file that mentions include=,
    skipping the contents of fenced blocks (a post may show a fence as an example)."""
    found, closing = [], None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            match = FENCE.match(line)
            if closing:
                if match and match.group(1).startswith(closing) \
                        and not match.group(2).strip():
                    closing = None
            elif match:
                closing = match.group(1)
                if match.group(2).lstrip().startswith("{") and "include=" in match.group(2):
                    found.append((number, line.strip()))
    return found


def unread_includes(path):
    """The include fences of a post that pandoc does not turn into code blocks with an
    include attribute, as (line number, line). Empty when all is well."""
    fences = include_fences(path)
    if not fences:
        return []
    # Each fence alone in a div of its own, closed right away: one pandoc run for all.
    text = "".join(f"::: {{#fence-{i}}}\n{line}\n{FENCE.match(line).group(1)}\n:::\n\n"
                   for i, (_, line) in enumerate(fences))
    result = subprocess.run(["pandoc", "--from=markdown", "--to=json"], input=text,
                            capture_output=True, text=True, check=True)
    read = set()
    for block in json.loads(result.stdout)["blocks"]:
        if block["t"] == "Div":
            (identifier, _, _), content = block["c"]
            if content and content[0]["t"] == "CodeBlock" and \
                    any(key == "include" for key, _ in content[0]["c"][0][2]):
                read.add(identifier)
    return [fence for i, fence in enumerate(fences) if f"fence-{i}" not in read]
