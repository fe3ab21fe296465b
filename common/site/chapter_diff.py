"""What a chapter changed, as a page of pandoc Markdown: the files it added, removed and
changed relative to the chapter before, then each file's unified diff. Read from the
two directories when the site is built, so the page always matches the code; files
that .gitignore leaves out (build output, __pycache__) are left out here too."""
import difflib
import fnmatch
import os
import re


def ignored_patterns(root):
    """The name patterns of root/.gitignore (build/, *.pyc...), without trailing /."""
    try:
        with open(os.path.join(root, ".gitignore")) as f:
            lines = [line.strip() for line in f]
    except FileNotFoundError:
        return []
    return [line.strip("/") for line in lines if line and not line.startswith("#")]


def source_files(directory, ignored):
    """Paths of the files under directory, relative to it, minus the ignored ones."""
    found = set()
    for parent, subdirectories, files in os.walk(directory):
        subdirectories[:] = [d for d in subdirectories
                             if not any(fnmatch.fnmatch(d, p) for p in ignored)]
        for name in files:
            if not any(fnmatch.fnmatch(name, p) for p in ignored):
                found.add(os.path.relpath(os.path.join(parent, name), directory))
    return found


def read_lines(path):
    """The file's lines, or None for a file that is not text."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().splitlines()
    except UnicodeDecodeError:
        return None


def file_diff(old, new, path):
    """(status, unified diff text, lines added, lines removed) for one path, where
    status is added, removed, changed or None for a file that did not change."""
    old_path, new_path = os.path.join(old, path), os.path.join(new, path)
    before = read_lines(old_path) if os.path.exists(old_path) else []
    after = read_lines(new_path) if os.path.exists(new_path) else []
    status = ("added" if not os.path.exists(old_path) else
              "removed" if not os.path.exists(new_path) else "changed")
    if before is None or after is None:
        return status, "Binary files differ", 0, 0
    if before == after:
        return None, "", 0, 0
    lines = list(difflib.unified_diff(
        before, after, lineterm="",
        fromfile=old_path if status != "added" else "/dev/null",
        tofile=new_path if status != "removed" else "/dev/null"))
    added = sum(1 for line in lines[2:] if line.startswith("+"))
    removed = sum(1 for line in lines[2:] if line.startswith("-"))
    return status, "\n".join(lines), added, removed


def anchor(path):
    return "file-" + re.sub(r"[^A-Za-z0-9]+", "-", path)


def fenced(text, language):
    """A fenced code block that no run of backticks inside text can close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{{.{language}}}\n{text}\n{fence}\n"


def markdown(old, new, root):
    """The diff page of chapter directory new against old (paths relative to root,
    which is the current directory), in pandoc Markdown."""
    ignored = ignored_patterns(root)
    paths = sorted(source_files(old, ignored) | source_files(new, ignored))
    diffs = [(path, *file_diff(old, new, path)) for path in paths]
    changed = [d for d in diffs if d[1]]
    unchanged = len(diffs) - len(changed)

    counts = {"added": "new file, {added} lines", "removed": "removed, {removed} lines",
              "changed": "+{added} −{removed}"}
    summary = [f"- [`{path}`](#{anchor(path)}): "
               + counts[status].format(added=added, removed=removed)
               for path, status, _, added, removed in changed]
    sections = [f"## `{path}` {{#{anchor(path)}}}\n\n{fenced(text, 'diff')}"
                for path, _, text, _, _ in changed]
    return "\n".join([
        "---",
        f'title: "What changed from {old} to {new}"',
        "---",
        "",
        f"Every difference between the directories {old}/ and {new}/, like "
        f"`diff -ru {old} {new}`, taken from the code when this page was built. Build "
        f"output and whatever else git ignores is left out. {len(changed)} files "
        f"differ and {unchanged} are the same.",
        "",
        *summary,
        "",
        *sections,
    ])
