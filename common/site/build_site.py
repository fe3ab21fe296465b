#!/usr/bin/env python3
"""Renders posts/NN-name.md to HTML with pandoc: a table of contents, highlighted code
included from the chapters by include_code.lua, and previous/next links. Writes an
index page listing every post. Any include that does not resolve fails the build."""
import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def post_title(path):
    with open(path) as f:
        match = re.search(r"^title:\s*[\"']?(.*?)[\"']?\s*$", f.read(), re.MULTILINE)
    if not match:
        sys.exit(f"build_site: {path} has no `title:` in its front matter")
    return match.group(1)


def take_screenshots(posts_dir, sources, out):
    """A post that shows ![...](images/NN-name.png) gets a screenshot of chapter NN-name,
    taken now from the chapter's current kernel, so the picture cannot go stale."""
    wanted = set()
    for name in sources:
        with open(os.path.join(posts_dir, name)) as f:
            wanted |= set(re.findall(r"\(images/(\d\d-[a-z0-9-]+)\.png\)", f.read()))
    for chapter in sorted(wanted):
        if not os.path.isdir(chapter):
            sys.exit(f"build_site: a post wants a screenshot of {chapter}, which does not exist")
        shot = os.path.join(out, "images", chapter + ".png")
        if subprocess.run([sys.executable, os.path.join(HERE, "screenshot.py"), chapter,
                           shot]).returncode != 0:
            sys.exit(f"build_site: could not take a screenshot of {chapter}")


def nav(previous, following):
    def link(post, label):
        if not post:
            return "<span></span>"
        return f'<a href="{post[0]}.html">{label} {html.escape(post[1])}</a>'
    return (f'<nav class="post-nav">{link(previous, "&larr;")}'
            f'<a href="index.html">All posts</a>{link(following, "&rarr;")}</nav>\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="build/site")
    parser.add_argument("posts", nargs="?", default="posts")
    args = parser.parse_args()

    os.chdir(ROOT)  # include paths in posts are relative to the repository root
    sources = sorted(f for f in os.listdir(args.posts) if re.match(r"\d\d-.*\.md$", f))
    if not sources:
        sys.exit(f"build_site: no posts in {args.posts}/")
    posts = [(name[:-3], post_title(os.path.join(args.posts, name))) for name in sources]
    os.makedirs(args.out, exist_ok=True)
    shutil.copy(os.path.join(HERE, "style.css"), args.out)
    take_screenshots(args.posts, sources, args.out)

    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, title) in enumerate(posts):
            links = os.path.join(tmp, name + ".nav.html")
            with open(links, "w") as f:
                f.write(nav(posts[i - 1] if i > 0 else None,
                            posts[i + 1] if i + 1 < len(posts) else None))
            command = ["pandoc", os.path.join(args.posts, name + ".md"),
                       "--standalone", "--toc", "--toc-depth=2",
                       "--lua-filter", os.path.join(HERE, "include_code.lua"),
                       "--highlight-style=tango", "--css=style.css",
                       "--include-before-body", links, "--include-after-body", links,
                       "--resource-path", args.posts,
                       "-o", os.path.join(args.out, name + ".html")]
            result = subprocess.run(command)
            if result.returncode != 0:
                sys.exit(f"build_site: pandoc failed on {name}.md")
            print(f"  SITE    {args.out}/{name}.html")

    items = "\n".join(f'<li><a href="{name}.html">{html.escape(title)}</a></li>'
                      for name, title in posts)
    with open(os.path.join(args.out, "index.html"), "w") as f:
        f.write(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Writing an OS in C</title><link rel="stylesheet" href="style.css"></head>
<body><h1>Writing an OS in C</h1>
<p>A small x86_64 kernel, built chapter by chapter. Each post sits beside a directory
of the repository that boots on its own.</p>
<ol>
{items}
</ol></body></html>
""")
    print(f"  SITE    {args.out}/index.html ({len(posts)} posts)")


if __name__ == "__main__":
    main()
