#!/usr/bin/env python3
"""For authors, not for `make site`: opens pages of the built site in headless
Chromium at a given width and reports each page's height in pixels and every code box
whose content is wider than the box (it would scroll sideways). With --screenshot DIR,
also saves a picture of the top of each page (or, with --full, the whole page).
Needs Chromium (Debian: apt-get install chromium); the build itself never does.
Usage: measure_pages.py [--width 1280] [--screenshot DIR] build/site/01-freestanding.html ..."""
import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROBE = """<script>
window.addEventListener('load', () => {
  const wide = [];
  document.querySelectorAll('pre').forEach((pre, i) => {
    if (pre.scrollWidth > pre.clientWidth + 1) {
      const listing = pre.closest('.listing');
      const name = listing ? listing.dataset.file + ':' + listing.dataset.lines
                           : (pre.closest('.output') ? 'output' : 'code') + ' #' + i;
      wide.push(name + ' by ' + (pre.scrollWidth - pre.clientWidth) + ' px');
    }
  });
  const result = document.createElement('pre');
  result.id = 'measure-result';
  result.textContent = JSON.stringify({height: document.documentElement.scrollHeight,
                                       wide: wide});
  document.body.appendChild(result);
});
</script>"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--hide-scrollbars"]


def chromium(arguments):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        sys.exit("measure_pages: needs chromium (apt-get install chromium)")
    profile = tempfile.mkdtemp(prefix="measure-chromium-")
    try:
        return subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *arguments],
                              capture_output=True, text=True, timeout=120).stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def measure(page, width):
    with open(page, encoding="utf-8") as f:
        text = f.read().replace("</body>", PROBE + "</body>")
    probe = os.path.join(os.path.dirname(os.path.abspath(page)),
                         ".measure-" + os.path.basename(page))
    with open(probe, "w", encoding="utf-8") as f:
        f.write(text)
    try:
        dom = chromium([f"--window-size={width},900", "--virtual-time-budget=10000",
                        "--dump-dom", "file://" + probe])
    finally:
        os.remove(probe)
    match = re.search(r'<pre id="measure-result">(.*?)</pre>', dom, re.S)
    if not match:
        sys.exit(f"measure_pages: no result from chromium for {page}")
    return json.loads(html.unescape(match.group(1)))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--screenshot", metavar="DIR")
    parser.add_argument("--full", action="store_true", help="screenshot the whole page")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    for page in args.pages:
        result = measure(page, args.width)
        print(f"{os.path.basename(page):32} {result['height']:>7} px high, "
              f"{len(result['wide'])} code boxes too narrow")
        for wide in result["wide"]:
            print(f"    {wide}")
        if args.screenshot:
            os.makedirs(args.screenshot, exist_ok=True)
            height = result["height"] if args.full else 2000
            out = os.path.join(os.path.abspath(args.screenshot),
                               os.path.basename(page)[:-5] + ".png")
            chromium([f"--window-size={args.width},{height}", f"--screenshot={out}",
                      "file://" + os.path.abspath(page)])
            print(f"    screenshot {out}")


if __name__ == "__main__":
    main()
