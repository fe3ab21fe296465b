"""The follow-along check: a reader who types a post's listings in the order the page
shows them gets, at every step, files that compile, and at the end the chapter.

For a post NN-name.md it rebuilds chapter NN-name in a scratch directory, starting from
the chapter before (the post's "start from a copy of chapter MM"; the first chapter
starts empty), and goes through the post's listings of NN-name's files in page order.
Precisely, it checks:

1. Order. The listings of one file come in the file's own order and do not overlap:
   each starts below the line where the one before it ended. A reader appending
   pieces, or going down a file they are changing, puts each where it belongs. A
   listing that comes out of order must say where it goes (place="..." on the include,
   shown next to its file name); it is then put where it belongs.
2. Every step compiles. After each listing of a .c or .py file, that file as the
   reader has it so far compiles with the chapter's own flags (taken from its
   Makefile): C files the way the build compiles them (a kernel file as the normal
   kernel's object, which is what a reader builds as they go; a file of tests/ or of
   the test framework kernel/test/ as a test kernel's; tests/host files for the host),
   Python files by Python's compiler. C declares before it uses, so a file shown top to bottom
   compiles at every step. Assembly jumps to labels further down as a matter of
   course, so a NASM file is assembled once its last listing has been shown. "As the reader has it" is: for a new file, the lines shown so far,
   in file order; for a changed file, the previous chapter's version with each change
   the post has shown so far made (a change is a run of lines that differ; a change is
   made once any of its new lines has been shown, and then holds the new lines shown so
   far; lines the chapter deletes go when the file's first listing is shown). Files
   not yet shown are as in the previous chapter; headers are compiled as
   part of the files that include them. Warnings about static functions or variables
   not used yet are allowed, since their users may come later; every other warning is
   an error, as in the build. An `#include` of a header not yet shown, or a function
   called above the listing that defines it, fails here.
3. Nothing is missing. At the end, every non-blank line that the chapter adds or
   changes in a kernel file (boot/, kernel/, linker.ld, Makefile) has been shown, so
   that the files assembled from the page equal the chapter's. Files and lines of
   tests/ that the page does not show are reported as notes (the post must then say to
   copy them), not failures.

Listings of common/ and of other chapters are not typed by a reader and are ignored.
Usage: follow_along.py [posts/NN-name.md ...]   (from the repository root)"""
import difflib
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import include_fences  # noqa: E402

KERNEL_PARTS = ("boot/", "kernel/", "linker.ld", "Makefile")
ALLOWED_WARNINGS = ["-Wno-error=unused-function", "-Wno-error=unused-variable",
                    "-Wno-error=unused-const-variable"]


def chapters():
    return sorted(os.path.dirname(m) for m in glob.glob(os.path.join(ROOT, "[0-9][0-9]-*/Makefile")))


def listings(ast):
    """(file, first, last, place) of each listing, in page order."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Div":
                (_, classes, attributes), _ = node["c"]
                if "listing" in classes:
                    attributes = dict(attributes)
                    first, last = attributes["data-lines"].split("-")
                    found.append((attributes["data-file"], int(first), int(last),
                                  attributes.get("data-place")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(ast["blocks"])
    return found


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


class File:
    """One file of the chapter as the reader has it: the final lines, the previous
    chapter's, and which final lines the page has shown so far. The two versions are
    compared with every line the page will show taken as typed anew, so that a repeated
    line (a closing brace) is never taken for an unchanged one when the page shows it,
    nor for a shown one when the page does not."""

    def __init__(self, relative, new, old, ranges):
        self.relative = relative
        self.new = new
        self.old = old
        covered = set()
        for first, last in ranges:
            covered |= set(range(first - 1, last))
        tagged = [("shown" if j in covered else "", line) for j, line in enumerate(new)]
        # Blank lines never anchor a match: they would pair unrelated places.
        self.opcodes = difflib.SequenceMatcher(lambda item: not item[1].strip(),
                                               [("", line) for line in old], tagged,
                                               autojunk=False).get_opcodes()
        self.known = [not line.strip() for line in new]
        for tag, _, _, j1, j2 in self.opcodes:
            if tag == "equal":
                for j in range(j1, j2):
                    self.known[j] = True
        self.shown = []      # (first, last) of each listing so far

    def show(self, first, last):
        for j in range(first - 1, last):
            self.known[j] = True
        self.shown.append((first, last))

    def text(self):
        lines = []
        for tag, i1, i2, j1, j2 in self.opcodes:
            new = range(j1, j2)
            started = any(self.known[j] and self.new[j].strip() for j in new)
            if tag == "equal":
                lines += self.new[j1:j2]
            elif tag == "delete":
                if not self.shown:      # removed once the reader works on the file
                    lines += self.old[i1:i2]
            elif started:
                lines += [self.new[j] for j in new if self.known[j]]
            elif tag == "replace":
                lines += self.old[i1:i2]
        return "\n".join(lines)

    def missing(self):
        return [j + 1 for j, known in enumerate(self.known) if not known]


class Compiler:
    """Compiles one file of the scratch chapter the way the chapter's Makefile does,
    from the commands `make -n` prints for the chapter's own files."""

    def __init__(self, chapter):
        self.templates = {}
        wanted = {"c": "build/obj/kernel/main.c.o", "c-test": "build/obj-test/kernel/main.c.o"}
        asm = sorted(glob.glob(os.path.join(chapter, "boot", "*.asm")))
        if asm:
            name = os.path.relpath(asm[0], chapter)
            wanted["asm"] = f"build/obj/{name}.o"
            wanted["asm-test"] = f"build/obj-test/{name}.o"
        host = sorted(glob.glob(os.path.join(chapter, "tests", "host", "*.c")))
        if host:
            wanted["host"] = "build/host/" + os.path.basename(host[0])[:-2]
        for kind, target in wanted.items():
            result = subprocess.run(["make", "-n", "-B", "V=1", "--no-print-directory",
                                     "-C", chapter, target], capture_output=True, text=True)
            for line in result.stdout.splitlines():
                words = shlex.split(line)
                if words and ("-c" in words or "-o" in words) and \
                        words[0] not in ("mkdir", "printf", "@mkdir"):
                    self.templates[kind] = self.strip(words)
                    break
            else:
                raise RuntimeError(f"follow_along: no compile command for {target} in "
                                   f"{chapter}:\n{result.stdout}{result.stderr}")

    @staticmethod
    def strip(words):
        """A compile command without its source, output and dependency files."""
        kept, skip = [], False
        for word in words:
            if skip:
                skip = False
                continue
            if word in ("-o", "-MD", "-MF"):
                skip = True
                continue
            if word in ("-c", "-MMD", "-MP") or re.search(r"\.(c|asm)$", word):
                continue
            kept.append(word)
        return kept

    def commands(self, relative):
        """The commands that compile this file, each a list of words to which the file
        name is added; [] for a file that is not compiled on its own."""
        if relative.endswith(".c"):
            if relative.startswith("tests/fuzz/"):
                return []
            if relative.startswith("tests/host/"):
                return [self.templates["host"] + ["-fsyntax-only"]] if "host" in \
                    self.templates else []
            kind = "c-test" if relative.startswith(("tests/", "kernel/test/")) else "c"
            return [self.templates[kind] + ["-fsyntax-only"] + ALLOWED_WARNINGS]
        if relative.endswith(".asm") and "asm" in self.templates:
            kind = "asm-test" if relative.startswith(("tests/", "kernel/test/")) else "asm"
            return [self.templates[kind] + ["-o", "/dev/null"]]
        return []


def check(post, ast, verbose=False):
    """The follow-along problems of one post, as "post:line: ..." strings (empty when
    it passes); notes about tests not shown go to stdout when verbose."""
    name = os.path.basename(post)[:-3]
    all_chapters = [os.path.basename(c) for c in chapters()]
    if name not in all_chapters:
        return []
    position = all_chapters.index(name)
    previous = all_chapters[position - 1] if position > 0 else None
    chapter = os.path.join(ROOT, name)
    shown = listings(ast)
    lines = [number for number, _ in include_fences.include_fences(post)]
    if len(lines) != len(shown):
        return [f"{post}: {len(shown)} listings but {len(lines)} include fences"]
    problems, notes = [], []
    files = {}
    scratch = tempfile.mkdtemp(prefix="follow-along-")
    try:
        work = os.path.join(scratch, name)
        if previous:
            shutil.copytree(os.path.join(ROOT, previous), work,
                            ignore=shutil.ignore_patterns("build", "__pycache__"))
        else:
            os.makedirs(work)
        shutil.copytree(os.path.join(ROOT, "common"), os.path.join(scratch, "common"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        final = set()
        for parent, directories, names in os.walk(chapter):
            directories[:] = [d for d in directories if d not in ("build", "__pycache__")]
            final |= {os.path.relpath(os.path.join(parent, n), chapter) for n in names}
        ranges = {}
        for path, first, last, _ in shown:
            if path.startswith(name + "/"):
                ranges.setdefault(path[len(name) + 1:], []).append((first, last))
        listed = set(ranges)
        for parent, directories, names in os.walk(work):
            for n in names:
                relative = os.path.relpath(os.path.join(parent, n), work)
                if relative not in final:
                    os.remove(os.path.join(parent, n))
        for relative in sorted(final):
            target = os.path.join(work, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if relative not in listed:
                shutil.copy2(os.path.join(chapter, relative), target)
                continue
            old_path = os.path.join(ROOT, previous, relative) if previous else None
            old = read(old_path) if old_path and os.path.exists(old_path) else []
            files[relative] = File(relative, read(os.path.join(chapter, relative)), old,
                                  ranges[relative])
            with open(target, "w", encoding="utf-8") as f:
                f.write(files[relative].text())
        compiler = Compiler(chapter)
        for (path, first, last, place), line in zip(shown, lines):
            if not path.startswith(name + "/"):
                continue
            relative = path[len(name) + 1:]
            item = files[relative]
            if item.shown and not place:
                before_first, before_last = item.shown[-1]
                if first <= before_last:
                    problems.append(
                        f"{post}:{line}: this listing of {path} (lines {first}-{last}) "
                        f"comes after the one of lines {before_first}-{before_last}, so a "
                        f"reader would put it in the wrong place: show the file in its "
                        f"own order, or say where it goes with place=\"...\"")
            item.show(first, last)
            with open(os.path.join(work, relative), "w", encoding="utf-8") as f:
                f.write(item.text())
            problems += compile_step(compiler, work, relative, item, post, line, path)
        for relative, item in sorted(files.items()):
            missing = item.missing()
            if not missing:
                continue
            text = (f"{name}/{relative}: {len(missing)} line{'s' if len(missing) > 1 else ''}"
                    f" never shown (first: line {missing[0]})")
            if relative.startswith(KERNEL_PARTS):
                problems.append(f"{post}: {text}")
            else:
                notes.append(text)
        changed = []
        for relative in sorted(final - listed):
            old_path = os.path.join(ROOT, previous, relative) if previous else None
            if old_path and os.path.exists(old_path) and \
                    read(old_path) == read(os.path.join(chapter, relative)):
                continue
            changed.append(relative)
        for relative in changed:
            text = f"{name}/{relative}: new or changed, and not on the page"
            if relative.startswith(KERNEL_PARTS):
                problems.append(f"{post}: {text}")
            else:
                notes.append(text)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if verbose:
        for note in notes:
            print(f"  note: {note}")
    return problems


def compile_step(compiler, work, relative, item, post, line, path):
    """Compiles the file as the reader has it after this listing."""
    if relative.endswith(".asm") and item.missing():
        return []
    if relative.endswith(".py"):
        try:
            compile(item.text(), relative, "exec")
        except SyntaxError as error:
            return [f"{post}:{line}: after this listing, {path} does not compile: {error}"]
        return []
    problems = []
    for command in compiler.commands(relative):
        result = subprocess.run(command + [relative], cwd=work, capture_output=True, text=True,
                                env={**os.environ, "LC_ALL": "C.UTF-8"})
        if result.returncode != 0:
            message = "\n".join("    " + text for text in
                                (result.stdout + result.stderr).strip().splitlines()[:12])
            problems.append(f"{post}:{line}: after this listing, {path} as the reader has "
                            f"it does not compile ({command[0]}):\n{message}")
            break
    return problems


def main():
    os.chdir(ROOT)
    failed = 0
    for post in sys.argv[1:] or sorted(glob.glob("posts/[0-9][0-9]-*.md")):
        result = subprocess.run(["pandoc", post, "-t", "json", "--preserve-tabs",
                                 "--lua-filter", os.path.join(HERE, "include_code.lua")],
                                capture_output=True, text=True, check=True)
        problems = check(post, json.loads(result.stdout), verbose=True)
        for problem in problems:
            print(problem)
        print(f"{post}: {'ok' if not problems else f'{len(problems)} problems'}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
