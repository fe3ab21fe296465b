"""Outputs from the build. A post never contains pasted output: it contains a marker
that names a command, and `make site` runs the command and puts its real output in the
page (generated), or runs it and checks the text the post holds (checked), failing the
build with the post, the line and the first line that differs. common/site/README.md
describes every marker with an example; in short:

  ```{.output run="make -C 01-freestanding check"}        generated: the page shows
  ```                                                     `$ make ...` and its output

  ```{.output scratch="04-testing" at="/tmp/try04" status="2"}
  $ sed -i 's/4)/5)/' tests/unit/string_test.c            a transcript, run in a fresh
  $ make check                                            copy of the chapter: each
  ...                                                     command with no lines under
    test string_memset_memcpy_memcmp ... [failed]         it is generated, each with
  ...                                                     lines is checked against
  ```                                                     them (`...` skips lines)

  [0x107000]{.output run="..."}                           a value in a sentence,
                                                          checked (or generated if [])

Attributes: run, in, scratch, clean, at, keep, vary, status, prompt, timeout (README).
Every command runs in bash with a fixed environment (no DISPLAY, C.UTF-8, make without
its "Entering directory" lines, none of the user's CC/CFLAGS/QEMUFLAGS...), and what it
prints is cleaned of machine paths: the repository's becomes relative, a scratch
copy's becomes the `at` path the post shows. Nothing is cached between builds: every
marker runs on every `make site`, after the chapters it names are built by their own
Makefiles."""
import concurrent.futures
import contextlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CHAPTER_NAME = re.compile(r"^\d\d-[a-z0-9-]+$")
DEFAULT_TIMEOUT = 900
DEFAULT_SCRATCH_PATH = "/tmp/scratch"

# Names usable as {name} inside vary="...": parts of an output that differ from one
# run to the next. Each is a Python regex; what it matches is shown marked on the page
# and ignored when a checked output is compared.
VARY_PATTERNS = {
    # the harness's time for one check, "(0.4 s)"; check_all.py's "  6.6 s" columns
    "timings": r"(?<=\()\d+\.\d+(?= s\))|\b\d+\.\d+(?= s\b)",
    # libFuzzer's reports: random seed, addresses of its counters, speeds and sizes
    "fuzzer": r"Seed: \d+|0x[0-9a-f]{12}|exec/s: \d+|rss: \d+Mb|==\d+==",
    # "... 261 more lines ..." from the harness, for a kernel killed at a deadline
    "cut-lines": r"\d+(?= more lines)",
    # a libFuzzer run for a time: how far it got in it (input counts, coverage,
    # features, corpus, sizes, speeds, the statistics at the end)
    "fuzzer-run": r"#\d+|(?<=cov: )\d+|(?<=ft: )\d+|(?<=corp: )\d+/\d+b|(?<=lim: )\d+|"
                  r"(?<=L: )\d+/\d+|(?<=MS: )\d+ \S+|(?<=Done )\d+ runs in \d+|"
                  r"(?<=:)\s+\d+$",
}

# The environment every command runs in. The user's build options would change what
# the commands print, so they are removed; make's "Entering directory" lines would put
# this machine's paths on the page.
UNSET = ["DISPLAY", "WAYLAND_DISPLAY", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES",
         "CC", "CFLAGS", "ASFLAGS", "LDFLAGS", "V", "ACCEL", "MEMORY", "QEMU", "QEMUFLAGS",
         "TEST_TIMEOUT", "GDB_ARGS", "JOBS", "BUILD", "FUZZ_RUNS", "FUZZ_SECONDS"]
ENVIRONMENT = {"MAKEFLAGS": "--no-print-directory", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
               "TERM": "dumb"}

START, STATUS = "\x1eoutputs-start ", "\x1eoutputs-status "
FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
OUTPUT_CLASS = re.compile(r"(^|[\s{])\.output(?=[\s}])")
SPAN_MARKER = re.compile(r"\]\{[^}]*?\.output(?=[\s}])")


class MarkerError(Exception):
    """A marker that cannot be run or whose output does not match: the message is
    printed after the post's name and the marker's line."""


class Marker:
    def __init__(self, kind, attributes, text, post, line):
        self.kind = kind            # "block" or "span"
        self.attributes = attributes
        self.text = text
        self.post = post
        self.line = line

    def where(self):
        return f"{self.post}:{self.line}"


# --- finding the markers -------------------------------------------------------------
def source_lines(post):
    """Line numbers of the output blocks' fences and of the output spans, in order."""
    blocks, spans, closing = [], [], None
    with open(post, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            match = FENCE.match(line)
            if closing:
                if match and match.group(1).startswith(closing) and not match.group(2).strip():
                    closing = None
                continue
            if match:
                closing = match.group(1)
                info = match.group(2).strip()
                if info.startswith("{") and OUTPUT_CLASS.search(info):
                    blocks.append(number)
                continue
            spans += [number] * len(SPAN_MARKER.findall(line))
    return blocks, spans


def walk(node, visit):
    """Calls visit on every dict of a pandoc JSON tree, in document order; visit may
    return a replacement (a dict, or a list to splice into the enclosing list)."""
    if isinstance(node, list):
        result = []
        for item in node:
            replaced = walk(item, visit)
            if isinstance(replaced, list) and isinstance(item, dict):
                result.extend(replaced)
            else:
                result.append(replaced)
        return result
    if isinstance(node, dict):
        replaced = visit(node)
        if replaced is not None:
            return replaced
        return {key: walk(value, visit) for key, value in node.items()}
    return node


def stringify(inlines):
    parts = []

    def visit(node):
        kind = node.get("t")
        if kind == "Str" or kind == "Code":
            parts.append(node["c"] if kind == "Str" else node["c"][1])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        return None
    walk(inlines, visit)
    return "".join(parts)


def markers(ast, post):
    """The output markers of a post's pandoc JSON, in document order, each with the line
    of the post it is on."""
    found = []

    def visit(node):
        kind = node.get("t")
        if kind == "CodeBlock":
            (_, classes, attributes), text = node["c"]
            if "output" in classes:
                found.append(Marker("block", dict(attributes), text, post, 0))
        elif kind == "Span":
            (_, classes, attributes), content = node["c"]
            if "output" in classes:
                found.append(Marker("span", dict(attributes), stringify(content), post, 0))
        return None
    walk(ast["blocks"], visit)
    blocks, spans = source_lines(post)
    block_markers = [m for m in found if m.kind == "block"]
    span_markers = [m for m in found if m.kind == "span"]
    if len(blocks) != len(block_markers) or len(spans) != len(span_markers):
        raise MarkerError(f"{post}: found {len(block_markers)} output blocks and "
                          f"{len(span_markers)} output values, but {len(blocks)} and "
                          f"{len(spans)} lines that look like them: write an output "
                          f"block's {{...}} on its fence line, and a value's ]{{...}} on "
                          f"one line")
    for marker, line in zip(block_markers, blocks):
        marker.line = line
    for marker, line in zip(span_markers, spans):
        marker.line = line
    return found


# --- what a marker asks for ----------------------------------------------------------
class Command:
    def __init__(self, text, expected):
        self.text = text            # as shown, possibly several lines joined by "\\\n"
        self.expected = expected    # None: generated; a list of lines: checked


def parse_commands(marker):
    """The commands of a block, each with the lines the post expects it to print."""
    text = marker.text.expandtabs(8)
    lines = text.split("\n") if text.strip() else []
    if "run" in marker.attributes:
        return [Command(marker.attributes["run"], lines or None)]
    if not lines:
        raise MarkerError("an output block needs run=\"COMMAND\", or a transcript of "
                          "`$ COMMAND` lines")
    commands = []
    for line in lines:
        if commands and commands[-1].expected is None and commands[-1].text.endswith("\\"):
            commands[-1].text += "\n" + line
        elif line.startswith("$ "):
            commands.append(Command(line[2:], None))
        elif not commands:
            raise MarkerError(f"a transcript starts with a `$ COMMAND` line, not {line!r}")
        else:
            commands[-1].expected = (commands[-1].expected or []) + [line]
    return commands


def vary_regex(marker):
    text = marker.attributes.get("vary")
    if not text:
        return None

    def expand(match):
        name = match.group(1)
        if name not in VARY_PATTERNS:
            raise MarkerError(f"vary: no pattern named {{{name}}} (known: "
                              f"{', '.join(sorted(VARY_PATTERNS))})")
        return f"(?:{VARY_PATTERNS[name]})"
    try:
        return re.compile(re.sub(r"\{([a-z-]+)\}", expand, text))
    except re.error as error:
        raise MarkerError(f"vary: not a regular expression: {error}") from None


def statuses(marker, count):
    """The exit status each command must end with: status="N" is the last command's
    (the others must succeed), status="N N N" one per command, "any" anything."""
    words = marker.attributes.get("status", "0").split()
    if len(words) == 1:
        words = ["0"] * (count - 1) + words
    if len(words) != count:
        raise MarkerError(f"status= gives {len(words)} values for {count} commands")
    for word in words:
        if word != "any" and not word.isdigit():
            raise MarkerError(f"status: {word!r} is not a number or 'any'")
    return words


# --- running -------------------------------------------------------------------------
def environment():
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update(ENVIRONMENT)
    return env


def make_scratch(directories, clean):
    """A fresh copy of the repository's common/ and of the directories named (chapters,
    or posts/examples) in a new temporary directory, laid out as in the repository;
    with clean, without the chapters' build/ (so that a build shows every step). A
    build directory is copied as the chapter's own Makefile left it a moment ago, so
    make rebuilds exactly what an edit changes."""
    top = tempfile.mkdtemp(prefix="site-scratch-")
    ignore = shutil.ignore_patterns("__pycache__", *(["build"] if clean else []))
    for directory in directories.split():
        source = os.path.normpath(os.path.join(ROOT, directory))
        if not source.startswith(ROOT + os.sep) or not os.path.isdir(source) or \
                directory.split("/")[0] in ("build", "common", ".git"):
            shutil.rmtree(top)
            raise MarkerError(f"scratch={directory!r}: not a directory of the repository "
                              f"to copy")
        shutil.copytree(source, os.path.join(top, directory), symlinks=True, ignore=ignore)
    shutil.copytree(os.path.join(ROOT, "common"), os.path.join(top, "common"),
                    symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    return top


def run_script(commands, cwd, timeout):
    """Runs the commands in one bash, in order (a `cd` carries over); returns a list of
    (lines, status), one per command, stdout and stderr together."""
    script = []
    for i, command in enumerate(commands):
        script += [f"printf '{START}{i}\\n'", command.text,
                   f"printf '\\n{STATUS}{i} %d\\n' $?"]
    process = subprocess.Popen(["bash", "-c", "\n".join(script)], cwd=cwd, env=environment(),
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise MarkerError(f"still running after {timeout} s (timeout=... to allow more)")
    results, current = [], None
    for line in out.decode("utf-8", errors="replace").split("\n"):
        if line.startswith(START):
            current = []
        elif line.startswith(STATUS):
            if current and current[-1] == "":
                current.pop()       # the newline printed before the status
            while current and not current[-1].strip():
                current.pop()
            results.append((current, int(line.split()[-1])))
            current = None
        elif current is not None:
            current.append(line)
    if len(results) != len(commands):
        raise MarkerError(f"the shell stopped after {len(results)} of {len(commands)} "
                          f"commands (an `exit` in a command?)")
    return results


def clean_paths(lines, replacements):
    """Machine paths out of an output: each (path, shown as) in turn."""
    cleaned = []
    for line in lines:
        line = line.expandtabs(8).rstrip()
        for path, shown in replacements:
            line = line.replace(path, shown)
        cleaned.append(line)
    return cleaned


# --- selecting and comparing ---------------------------------------------------------
def parse_keep(text):
    """keep="..." as a list of selectors, separated by ;  (see select_lines)."""
    selectors, i = [], 0
    while i < len(text):
        if text[i] in " ;":
            i += 1
            continue
        if text[i] == "/":
            patterns = []
            while i < len(text) and text[i] == "/":
                j, pattern = i + 1, ""
                while j < len(text) and text[j] != "/":
                    if text[j] == "\\" and j + 1 < len(text) and text[j + 1] == "/":
                        pattern += "/"
                        j += 2
                        continue
                    pattern += text[j]
                    j += 1
                if j >= len(text):
                    raise MarkerError(f"keep: no closing / in {text[i:]!r}")
                patterns.append(pattern)
                i = j + 1
                if text.startswith("..", i):
                    i += 2
                    if i >= len(text) or text[i] != "/":
                        raise MarkerError("keep: /A/../B/ needs a second pattern")
                    continue
                break
            after = 0
            match = re.match(r"\+(\d+)", text[i:])
            if match:
                after = int(match.group(1))
                i += match.end()
            try:
                regexes = [re.compile(p) for p in patterns]
            except re.error as error:
                raise MarkerError(f"keep: not a regular expression: {error}") from None
            selectors.append(("range" if len(regexes) == 2 else "match", regexes, after,
                              "/" + "/../".join(patterns) + "/"))
            continue
        match = re.match(r"(first|last):(\d+)|(\d+)(?:-(\d+))?", text[i:])
        if not match or not match.group(0):
            raise MarkerError(f"keep: cannot read {text[i:]!r}")
        selectors.append(("lines", match.groups(), 0, match.group(0)))
        i += match.end()
    return selectors


def select_lines(lines, keep):
    """Which lines keep="..." keeps, as a set of indexes. Selectors: first:N, last:N,
    N, N-M (line numbers from 1), /RE/ (every line matching), /RE/+N (each match and
    the N lines after it), /A/../B/ (from the first line matching A to the next one
    matching B). Each must select something, or the page would not show what the post
    says it shows."""
    kept = set()
    for kind, value, after, written in parse_keep(keep):
        chosen = set()
        if kind == "lines":
            which, count, start, end = value
            n = len(lines)
            if which == "first":
                chosen = set(range(min(int(count), n)))
            elif which == "last":
                chosen = set(range(max(0, n - int(count)), n))
            else:
                a = int(start)
                b = int(end) if end else a
                chosen = {i for i in range(a - 1, b) if 0 <= i < n}
        elif kind == "match":
            for i, line in enumerate(lines):
                if value[0].search(line):
                    chosen |= set(range(i, min(i + after + 1, len(lines))))
        else:
            begin = next((i for i, line in enumerate(lines) if value[0].search(line)), None)
            if begin is not None:
                end = next((i for i in range(begin + 1, len(lines))
                            if value[1].search(lines[i])), None)
                if end is not None:
                    chosen = set(range(begin, min(end + after + 1, len(lines))))
        if not chosen:
            raise MarkerError(f"keep: {written} selects no line of the output")
        kept |= chosen
    return kept


def is_ellipsis(line):
    return line.strip() == "..."


def masked(line, regex):
    return regex.sub("\0", line) if regex else line


def align(expected, actual, regex):
    """Matches expected lines (with `...` lines standing for any number of lines)
    against actual ones. Returns a list giving, for each expected line, the index of
    the actual line it matched (None for `...`), or raises MarkerError saying where
    they part."""
    want = [None if is_ellipsis(line) else masked(line.rstrip(), regex) for line in expected]
    have = [masked(line, regex) for line in actual]
    memo = {}

    def match(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(want):
            result = [] if j == len(have) else None
        elif want[i] is None:
            result = None
            for k in range(j, len(have) + 1):
                rest = match(i + 1, k)
                if rest is not None:
                    result = [None] + rest
                    break
        elif j < len(have) and have[j] == want[i]:
            rest = match(i + 1, j + 1)
            result = None if rest is None else [j] + rest
        else:
            result = None
        memo[(i, j)] = result
        return result

    sys.setrecursionlimit(max(10000, 4 * (len(want) + len(have))))
    result = match(0, 0)
    if result is not None:
        return result
    # Where they part: the first expected line that a forward search cannot place.
    j, skipping = 0, False
    for i, line in enumerate(want):
        if line is None:
            skipping = True
            continue
        if skipping:
            found = next((k for k in range(j, len(have)) if have[k] == line), None)
        else:
            found = j if j < len(have) and have[j] == line else None
        if found is None and skipping:
            raise MarkerError(f"expected line {i + 1} of this output is not in the rest "
                              f"of the run:\n    expected: {expected[i].rstrip()}", i)
        if found is None:
            got = actual[j] if j < len(actual) else "(the output ends here)"
            raise MarkerError(f"expected line {i + 1} of this output differs from the "
                              f"run:\n    expected: {expected[i].rstrip()}\n"
                              f"    got:      {got}", i)
        j, skipping = found + 1, False
    got = actual[j] if j < len(actual) else ""
    raise MarkerError(f"the run printed more than the post shows, from:\n    {got}\n"
                      f"(end the expected lines with ... to skip the rest)", len(want))


# --- rendering -----------------------------------------------------------------------
class Shown:
    """What a marker put on the page, and whether anything on it varies."""

    def __init__(self):
        self.lines = []
        self.varies = False


def marked_html(line, regex, shown):
    if not regex:
        return html.escape(line)
    out, last = [], 0
    for match in regex.finditer(line):
        if match.end() == match.start():
            continue
        out.append(html.escape(line[last:match.start()]))
        out.append(f'<span class="varies" title="differs from run to run">'
                   f'{html.escape(match.group(0))}</span>')
        shown.varies = True
        last = match.end()
    out.append(html.escape(line[last:]))
    return "".join(out)


def elided_html(count, indent=""):
    noun = "line" if count == 1 else "lines"
    return f'{indent}<span class="elided">[{count} {noun} not shown]</span>'


def render_block(marker, commands, outputs, regex):
    shown = Shown()
    prompt = marker.attributes.get("prompt", "yes") != "no"
    for command, (lines, _) in zip(commands, outputs):
        if prompt:
            for k, text in enumerate(command.text.split("\n")):
                lead = '<span class="prompt">$ </span>' if k == 0 else ""
                shown.lines.append(f'{lead}<span class="command">{html.escape(text)}</span>')
        if command.expected is not None:
            for line, index in zip(command.expected, command.alignment):
                if index is None:
                    indent = line[:len(line) - len(line.lstrip())]
                    shown.lines.append(f'{indent}<span class="elided">...</span>')
                else:
                    shown.lines.append(marked_html(lines[index], regex, shown))
            continue
        kept = set(command.kept) if command.kept is not None else None
        if kept is not None:
            # A run of one line left out costs the page as much as the line: show it.
            for i in range(len(lines)):
                if i not in kept and (i - 1 in kept or i == 0) and \
                        (i + 1 in kept or i + 1 == len(lines)):
                    kept.add(i)
        skipped = 0
        for i, line in enumerate(lines):
            if kept is not None and i not in kept:
                skipped += 1
                continue
            if skipped:
                shown.lines.append(elided_html(skipped))
                skipped = 0
            shown.lines.append(marked_html(line, regex, shown))
        if skipped:
            shown.lines.append(elided_html(skipped))
    kind = "checked" if any(c.expected is not None for c in commands) else "generated"
    note = ('<p class="output-note">Underlined parts differ from run to run.</p>'
            if shown.varies else "")
    title = ("checked against a fresh run by make site" if kind == "checked"
             else "produced by make site")
    return (f'<div class="output {kind}" title="{title}"><pre><code>' +
            "\n".join(shown.lines) + f"</code></pre>{note}</div>"), kind


def run_marker(marker):
    """Runs one marker; returns (replacement for the page, "generated" or "checked",
    seconds). Raises MarkerError."""
    attributes = marker.attributes
    known = {"run", "in", "scratch", "clean", "at", "keep", "vary", "status", "prompt",
             "timeout", "code"}
    unknown = set(attributes) - known
    if unknown:
        raise MarkerError(f"unknown attribute {sorted(unknown)[0]!r} (known: "
                          f"{', '.join(sorted(known))})")
    started = time.monotonic()
    regex = vary_regex(marker)
    if marker.kind == "span":
        commands = [Command(attributes.get("run", ""), None)]
        if not commands[0].text:
            raise MarkerError("an output value needs run=\"COMMAND\"")
    else:
        commands = parse_commands(marker)
    wanted_status = statuses(marker, len(commands))
    timeout = float(attributes.get("timeout", DEFAULT_TIMEOUT))
    scratch, base, replacements = None, ROOT, [(ROOT + "/", ""), (ROOT, ".")]
    try:
        if "scratch" in attributes:
            scratch = base = make_scratch(attributes["scratch"],
                                          attributes.get("clean") == "yes")
            shown_at = attributes.get("at", DEFAULT_SCRATCH_PATH)
            replacements = [(os.path.realpath(scratch), shown_at), (scratch, shown_at)]
        cwd = os.path.normpath(os.path.join(base, attributes.get("in", ".")))
        if not os.path.isdir(cwd) or not (cwd + os.sep).startswith(base + os.sep):
            raise MarkerError(f"in={attributes.get('in')!r}: no such directory")
        results = run_script(commands, cwd, timeout)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    outputs = []
    for command, (lines, status), wanted in zip(commands, results, wanted_status):
        lines = clean_paths(lines, replacements)
        if wanted != "any" and status != int(wanted):
            tail = "\n".join("    " + line for line in lines[-15:])
            raise MarkerError(f"`{command.text}` exited with status {status}, not "
                              f"{wanted} (status=\"...\" to declare it); its last lines:"
                              f"\n{tail}")
        outputs.append((lines, status))
        command.kept = None
        command.alignment = None
        if command.expected is not None:
            try:
                command.alignment = align(command.expected, lines, regex)
            except MarkerError as error:
                saved = save_failed_output(marker, command, lines)
                shown = lines if len(lines) <= 60 else \
                    [f"[the first {len(lines) - 60} lines are in {saved}]"] + lines[-60:]
                fresh = "\n".join("    | " + line for line in shown)
                raise MarkerError(f"`{command.text}`: {error.args[0]}\n  the run's output "
                                  f"(all of it in {saved}):\n{fresh}",
                                  error.args[1] if len(error.args) > 1 else 0,
                                  command) from None
    last = commands[-1]
    if marker.kind == "span":
        lines = outputs[0][0]
        value = "\n".join(lines).strip()
        if "\n" in value or not value:
            raise MarkerError(f"an output value must be one line, but `{last.text}` "
                              f"printed {len(lines)} lines")
        if marker.text and masked(marker.text.strip(), regex) != masked(value, regex):
            raise MarkerError(f"the post says {marker.text.strip()!r}, but `{last.text}` "
                              f"prints {value!r}")
        kind = "checked" if marker.text else "generated"
        element = {"t": "Code", "c": [["", [], []], value]} if \
            attributes.get("code") == "yes" else {"t": "Str", "c": value}
        return {"t": "Span", "c": [["", ["from-build"], [["title", f"{kind} by make site"]]],
                                   [element]]}, kind, time.monotonic() - started
    if "keep" in attributes:
        if last.expected is not None:
            raise MarkerError("keep= selects lines of a generated output; a checked one "
                              "says what it keeps with `...` lines")
        last.kept = select_lines(outputs[-1][0], attributes["keep"])
    block, kind = render_block(marker, commands, outputs, regex)
    return {"t": "RawBlock", "c": ["html", block]}, kind, time.monotonic() - started


def save_failed_output(marker, command, lines):
    """Writes what a checked command printed to build/site-failures/, to copy from."""
    directory = os.path.join(ROOT, "build", "site-failures")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"{os.path.basename(marker.post)[:-3]}.{marker.line}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"$ {command.text}\n" + "\n".join(lines) + "\n")
    return os.path.relpath(path, ROOT)


def expected_line_of_post(marker, error):
    """The post's line for an error at expected line i of a checked command."""
    if len(error.args) < 3 or marker.kind != "block":
        return marker.line
    index, command = error.args[1], error.args[2]
    if "run" in marker.attributes:
        return marker.line + 1 + index
    lines = marker.text.expandtabs(8).split("\n")
    for position, line in enumerate(lines):
        if line.startswith("$ ") and command.text.split("\n")[0] == line[2:]:
            return marker.line + 1 + position + len(command.text.split("\n")) + index
    return marker.line


# --- a post at a time ----------------------------------------------------------------
def chapters_needed(post, found):
    """The chapters to build before a post's markers run: the post's own, and every
    chapter a marker names with in= or scratch=."""
    name = os.path.basename(post)[:-3]
    wanted = [name] if os.path.isdir(os.path.join(ROOT, name)) else []
    for marker in found:
        for value in (marker.attributes.get("scratch", "") + " " +
                      marker.attributes.get("in", "")).split():
            value = value.split("/")[0]
            if CHAPTER_NAME.match(value) and value not in wanted:
                wanted.append(value)
    return wanted


def build_chapter(chapter):
    """Builds a chapter's kernel, test kernels and host tests with its own Makefile,
    quietly; stops with make's output if that fails."""
    result = subprocess.run(["make", "-s", "-j2", "-C", chapter, "all", "tests"], cwd=ROOT,
                            env=environment(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise MarkerError(f"`make -C {chapter} all tests` failed:\n" +
                          result.stdout.decode(errors="replace"))


def run_post(ast, post, built):
    """Runs every marker of a post. Returns (replacements in document order, failures
    as "post:line: message" strings, counts of generated and checked markers)."""
    try:
        found = markers(ast, post)
    except MarkerError as error:
        return [], [str(error)], {}
    failures, replacements, counts = [], [], {"generated": 0, "checked": 0, "seconds": 0.0}
    for chapter in chapters_needed(post, found):
        if chapter not in built:
            try:
                build_chapter(chapter)
            except MarkerError as error:
                return [], [f"{post}: {error}"], counts
            built.add(chapter)
    results = run_all(found, jobs())
    for marker, result in zip(found, results):
        if isinstance(result, MarkerError):
            where = f"{post}:{expected_line_of_post(marker, result)}"
            failures.append(f"{where}: {result.args[0]}")
            # Only build_site.py --keep-going shows this: what failed, in place.
            text = html.escape(f"{where}: {result.args[0]}")
            replacements.append({"t": "RawBlock", "c": ["html",
                                 f'<div class="output failed"><pre><code>{text}'
                                 f'</code></pre></div>']} if marker.kind == "block" else
                                {"t": "Strong", "c": [{"t": "Str",
                                                       "c": f"[{where}: failed]"}]})
            continue
        replacement, kind, seconds = result
        counts[kind] += 1
        counts["seconds"] += seconds
        replacements.append(replacement)
    return replacements, failures, counts


def jobs():
    """How many markers run at once: SITE_JOBS, or 1. Markers that run in the
    repository itself take turns (they share its build directories); scratch copies
    are independent of everything. One at a time by default, because the chapters'
    timing-sensitive test kernels (a 1.5 s deadlock, an NMI sent while a kernel runs)
    are the first to fail on a machine busier than the two QEMUs a check runs."""
    try:
        return max(1, int(os.environ.get("SITE_JOBS", "1")))
    except ValueError:
        return 1


REPOSITORY = threading.Lock()


ATTEMPTS = 3


def run_with_retry(marker):
    """Runs a marker, up to ATTEMPTS times until it passes: on a loaded machine a test
    kernel can miss a deadline, or a tool crash, now and then, and a whole chapter's
    check that a marker runs has dozens of chances to. What fails every time is
    returned as the error; what passed on a later run is said so, with why the first
    failed."""
    lock = REPOSITORY if "scratch" not in marker.attributes else contextlib.nullcontext()
    with lock:
        first = None
        for attempt in range(1, ATTEMPTS + 1):
            try:
                result = run_marker(marker)
                break
            except MarkerError as error:
                first = first or error
                if attempt == ATTEMPTS:
                    return error
        if first:
            print(f"  OUTPUT  {marker.where()}: passed on run {attempt}; the first "
                  f"failed: {first.args[0].splitlines()[0]}", flush=True)
    print(f"  OUTPUT  {marker.where()} ({result[1]}, {result[2]:.1f} s)", flush=True)
    return result


def run_all(found, count):
    """Runs the markers, count at a time; results (or MarkerErrors) in their order."""
    if count == 1:
        return [run_with_retry(marker) for marker in found]
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run_with_retry, found))


def apply(ast, replacements):
    """The post's pandoc JSON with every marker replaced by what run_post made."""
    queue = list(replacements)

    def visit(node):
        kind = node.get("t")
        if kind in ("CodeBlock", "Span") and "output" in node["c"][0][1]:
            return queue.pop(0)
        return None
    ast = dict(ast)
    ast["blocks"] = walk(ast["blocks"], visit)
    return ast


if __name__ == "__main__":
    # Run the markers of the posts given, without rendering: outputs.py posts/04-testing.md
    os.chdir(ROOT)
    built, bad = set(), 0
    for post in sys.argv[1:]:
        tree = json.loads(subprocess.run(["pandoc", post, "-t", "json", "--preserve-tabs"],
                                         capture_output=True, check=True).stdout)
        _, failures, counts = run_post(tree, post, built)
        for failure in failures:
            print(failure, file=sys.stderr)
        bad += len(failures)
        print(f"{post}: {counts.get('generated', 0)} generated, "
              f"{counts.get('checked', 0)} checked, {len(failures)} failed")
    sys.exit(1 if bad else 0)
