#!/usr/bin/env python3
"""Builds the site in build/site: each posts/NN-name.md rendered by pandoc (a table of
contents, code included from the chapters by include_code.lua with their line numbers,
folded blocks by fold.lua, highlighting with the definitions in syntax/), each
chapter's diff against the chapter before, the README, the diagrams, the screenshots
and an index. Every output a post quotes comes from the build (outputs.py runs each
marker, after building the chapters it needs with their own Makefiles), and each post's
listings are checked to assemble, in page order, into its chapter (follow_along.py).
Whatever does not resolve or match (an include, an output, a listing out of order, a
diagram, a link between pages) stops the build with a message naming the post and
line. `--only NN-name` renders just that post, for writing (no index, no link check);
`--keep-going` writes the pages anyway, each failed output in place, and then fails.
common/site/README.md describes the markers a post can use."""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import chapter_diff
import check_links
import diagrams
import follow_along
import include_fences
import outputs
import post_stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SYNTAX = sorted(glob.glob(os.path.join(HERE, "syntax", "*.xml")))
TITLE = "Writing an OS in C"


def take_screenshots(posts_dir, sources, out):
    """A post that shows ![...](images/NN-name.png) gets a screenshot of chapter NN-name,
    and images/NN-name.TEST.png one of its test kernel tests/TEST.c; taken now from the
    chapter's current code, so the picture cannot go stale."""
    wanted = set()
    for name in sources:
        with open(os.path.join(posts_dir, name)) as f:
            wanted |= set(re.findall(r"\(images/((\d\d-[a-z0-9-]+)(?:\.(\w+))?)\.png\)",
                                     f.read()))
    for image, chapter, test in sorted(wanted):
        if not os.path.isdir(chapter):
            sys.exit(f"build_site: a post wants a screenshot of {chapter}, which does not exist")
        if test and not os.path.exists(os.path.join(chapter, "tests", test + ".c")):
            sys.exit(f"build_site: a post wants a screenshot of {chapter}/tests/{test}.c, "
                     f"which does not exist")
        shot = os.path.join(out, "images", image + ".png")
        command = [sys.executable, os.path.join(HERE, "screenshot.py"), chapter] + \
            ([test] if test else []) + [shot]
        if subprocess.run(command).returncode != 0:
            sys.exit(f"build_site: could not take the screenshot {image}.png")


def summary(path):
    """(title, description) of a post as inline HTML, from summary.lua."""
    result = subprocess.run(["pandoc", path, "--to=html", "--wrap=none",
                             "--lua-filter", os.path.join(HERE, "summary.lua")],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"build_site: pandoc could not read {path}:\n{result.stderr}")
    title, description = (result.stdout.split("\n") + ["", ""])[:2]
    if not title:
        sys.exit(f"build_site: {path} has no `title:` in its front matter")
    return title, description


def check_includes(path):
    """Stops the build on an include fence that pandoc would show as text."""
    unread = include_fences.unread_includes(path)
    for number, line in unread:
        print(f"{path}:{number}: pandoc cannot parse the {{...}} of this include, so the "
              f"page would show the line as text:\n    {line}", file=sys.stderr)
    if unread:
        sys.exit("build_site: the usual cause is a value that starts with a space, which "
                 "pandoc rejects: write that space as &#32; (see include_code.lua)")


def nav(tmp, name, left=None, middle=(), right=None):
    """A file holding the bar of links at the top and bottom of a page: left and right
    are one (href, label) each, middle any number of them."""
    def links(pairs):
        anchors = (f'<a href="{href}">{label}</a>' for href, label in pairs)
        return "<span>" + " · ".join(anchors) + "</span>"
    spans = links([left] if left else []) + links(middle) + links([right] if right else [])
    path = os.path.join(tmp, name + ".nav.html")
    with open(path, "w") as f:
        f.write(f'<nav class="page-nav">{spans}</nav>\n')
    return ["--include-before-body", path, "--include-after-body", path]


def pandoc(source, out, *options, ast=None):
    """Renders one page with what every page shares: the stylesheet, the language, the
    highlighting, folded blocks and the links filter. With ast, the page is that pandoc
    JSON (a post after its first pass and its outputs) and source only names it."""
    command = ["pandoc", *(["--from=json"] if ast else [source]), "--standalone",
               "--css=style.css", "--metadata", "lang=en", "--highlight-style=tango",
               *(f"--syntax-definition={path}" for path in SYNTAX),
               "--lua-filter", os.path.join(HERE, "fold.lua"),
               "--lua-filter", os.path.join(HERE, "links.lua"), *options, "-o", out]
    result = subprocess.run(command, input=json.dumps(ast).encode() if ast else None)
    if result.returncode != 0:
        sys.exit(f"build_site: pandoc failed on {source}")
    print(f"  SITE    {out}")


def first_pass(path):
    """A post as pandoc JSON with its listings filled in (include_code.lua), tabs kept
    as they are in the sources: what the outputs, the checks and the page start from."""
    result = subprocess.run(["pandoc", path, "-t", "json", "--preserve-tabs",
                             "--lua-filter", os.path.join(HERE, "include_code.lua")],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"build_site: pandoc could not read {path}:\n{result.stderr}")
    return json.loads(result.stdout)


def index_markdown(posts):
    """The front page: what each chapter adds, with links to its post and its diff."""
    items = []
    for post in posts:
        diff = f' <a class="diff" href="{post["diff"]}">diff</a>' if post["diff"] else ""
        items.append(f'<li value="{int(post["name"][:2])}"><a href="{post["name"]}.html">'
                     f'{post["title"]}</a>{diff}<br>{post["description"]}</li>')
    return "\n".join([
        "---", f"title: {TITLE}", "---", "",
        "A small x86_64 kernel in C and NASM, built one chapter at a time. Each chapter is "
        "a directory of the repository with a kernel that boots on its own, and a post "
        "that explains what it adds; each diff shows exactly what changed since the "
        "chapter before. [The README](readme.html) says how to build, run and test them.",
        "", "```{=html}", '<ol class="chapters">', *items, "</ol>", "```", ""])


def read_posts(posts_dir):
    """The posts in order, each with its title, its description and the chapter its
    diff is taken against (None for the first chapter)."""
    sources = sorted(f for f in os.listdir(posts_dir) if re.match(r"\d\d-.*\.md$", f))
    if not sources:
        sys.exit(f"build_site: no posts in {posts_dir}/")
    chapters = sorted(os.path.dirname(m) for m in glob.glob("[0-9][0-9]-*/Makefile"))
    posts = []
    for source in sources:
        path, name = os.path.join(posts_dir, source), source[:-3]
        check_includes(path)
        title, description = summary(path)
        before = chapters[chapters.index(name) - 1] if name in chapters[1:] else None
        posts.append({"name": name, "source": source, "path": path, "title": title,
                      "description": description, "before": before,
                      "diff": f"{name}-diff.html" if before else None})
    return posts


def render_post(posts, i, posts_dir, out, tmp):
    """A post's page, and its chapter's diff page if it has one."""
    post = posts[i]
    previous = posts[i - 1] if i > 0 else None
    following = posts[i + 1] if i + 1 < len(posts) else None
    middle = [("index.html", "All posts")]
    if post["diff"]:
        middle.append((post["diff"], f"Diff from {post['before']}"))
    pandoc(post["path"], os.path.join(out, post["name"] + ".html"),
           "--toc", "--toc-depth=3", "--resource-path", posts_dir,
           *nav(tmp, post["name"], middle=middle,
                left=previous and (previous["name"] + ".html",
                                   "&larr;&nbsp;" + previous["title"]),
                right=following and (following["name"] + ".html",
                                     following["title"] + "&nbsp;&rarr;")),
           ast=post["page"])
    if post["diff"]:
        source = os.path.join(tmp, post["name"] + "-diff.md")
        with open(source, "w") as f:
            f.write(chapter_diff.markdown(post["before"], post["name"], ROOT))
        pandoc(source, os.path.join(out, post["diff"]),
               *nav(tmp, post["diff"], middle=[("index.html", "All posts")],
                    left=(post["name"] + ".html", "&larr;&nbsp;" + post["title"])))


def check_posts(posts):
    """Runs every post's outputs and checks; returns the failures, as post:line lines.
    Each post's "page" is its JSON with the outputs in place."""
    failures, built = [], set()
    for post in posts:
        ast = first_pass(post["path"])
        replacements, failed, counts = outputs.run_post(ast, post["path"], built)
        failures += failed
        post["page"] = outputs.apply(ast, replacements) if replacements else None
        post["outputs"] = counts
        order = follow_along.check(post["path"], ast)
        if post_stats.pending(ast):
            for problem in order:
                print(f"  warning: {problem.splitlines()[0]} [style-checks: pending]")
            post["follow_along"] = len(order)
        else:
            failures += order
        failures += post_stats.style_problems(post["path"], ast)
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="build/site")
    parser.add_argument("--only", action="append", default=[], metavar="NN-name",
                        help="render only this post (repeatable), for writing")
    parser.add_argument("--keep-going", action="store_true",
                        help="write the pages even when a post has problems (each failed "
                             "output shown in place), then fail")
    parser.add_argument("posts", nargs="?", default="posts")
    args = parser.parse_args()

    os.chdir(ROOT)  # include paths in posts are relative to the repository root
    posts = read_posts(args.posts)
    selected = [post for post in posts if not args.only or post["name"] in args.only]
    if args.only and len(selected) != len(args.only):
        sys.exit(f"build_site: --only names a post that does not exist: {args.only}")
    sources = [post["source"] for post in selected]
    os.makedirs(args.out, exist_ok=True)
    shutil.copy(os.path.join(HERE, "style.css"), args.out)

    failures = check_posts(selected)
    if failures:
        print("\n".join(failures), file=sys.stderr)
        problems = f"{len(failures)} problem{'s' if len(failures) > 1 else ''}"
        if not args.keep_going:
            sys.exit(f"build_site: {problems} in the posts (above); no page was written")
        if any(post["page"] is None for post in selected):
            sys.exit(f"build_site: {problems} in the posts (above), some of them before "
                     f"any output ran")
    diagrams.render(args.posts, sources, args.out, only_shown=bool(args.only))
    take_screenshots(args.posts, sources, args.out)

    with tempfile.TemporaryDirectory() as tmp:
        for i, post in enumerate(posts):
            if post in selected:
                render_post(posts, i, args.posts, args.out, tmp)
        if args.only:
            print("build_site: only " + ", ".join(args.only) + " rendered; no index, "
                  "README or link check")
            if failures:
                sys.exit(f"build_site: {len(failures)} problem"
                         f"{'s' if len(failures) > 1 else ''} in the posts (above)")
            return
        pandoc("README.md", os.path.join(args.out, "readme.html"),
               "--metadata", f"pagetitle={TITLE}: README",
               *nav(tmp, "readme", middle=[("index.html", "All posts")]))
        pandoc(os.path.join(HERE, "README.md"), os.path.join(args.out, "method.html"),
               "--metadata", f"pagetitle={TITLE}: how the posts are written", "--toc",
               *nav(tmp, "method", middle=[("index.html", "All posts"),
                                           ("readme.html", "README")]))
        index = os.path.join(tmp, "index.md")
        with open(index, "w") as f:
            f.write(index_markdown(posts))
        pandoc(index, os.path.join(args.out, "index.html"))

    check_links.check(args.out)
    if failures:
        sys.exit(f"build_site: the pages were written, but {len(failures)} problem"
                 f"{'s' if len(failures) > 1 else ''} in the posts (above)")
    generated = sum(post["outputs"].get("generated", 0) for post in posts)
    checked = sum(post["outputs"].get("checked", 0) for post in posts)
    print(f"  OUTPUTS {generated} generated, {checked} checked")


if __name__ == "__main__":
    main()
