"""Checks the links between the pages of the built site: every relative href and src
must name a file of the site, and every #fragment an id on that page. A post that links
NN-name-diff.html, another post's section or a diagram finds out here if it is wrong.
Also checks that no page loads anything (a script, a font, a picture) from the network:
the site must work offline."""
import html.parser
import os
import sys
import urllib.parse


class Page(html.parser.HTMLParser):
    """The ids a page defines, the relative links it makes and what it would load from
    the network (a src, or a <link> such as a stylesheet, with a scheme)."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.remote = set(), [], []

    def handle_starttag(self, tag, attributes):
        for name, value in attributes:
            if name == "id":
                self.ids.add(value)
            elif name in ("href", "src") and value:
                if not urllib.parse.urlsplit(value).scheme:
                    self.links.append(value)
                elif name == "src" or tag == "link":
                    self.remote.append(value)


def check(site):
    """Stops the build, listing them, if any page of site has a link that leads nowhere
    or loads something from the network."""
    pages = {}
    for name in sorted(os.listdir(site)):
        if name.endswith(".html"):
            page = Page()
            with open(os.path.join(site, name), encoding="utf-8") as f:
                page.feed(f.read())
            pages[name] = page
    broken = []
    for name, page in pages.items():
        broken += [f"{name}: {url}: loaded from the network" for url in page.remote]
        for link in page.links:
            target, _, fragment = link.partition("#")
            target = urllib.parse.unquote(target) or name
            if not os.path.exists(os.path.join(site, target)):
                broken.append(f"{name}: {link}: no such file")
            elif fragment and target in pages and \
                    urllib.parse.unquote(fragment) not in pages[target].ids:
                broken.append(f"{name}: {link}: no such section")
    if broken:
        sys.exit("build_site: bad links in the site:\n  " + "\n  ".join(broken))
    print(f"  LINKS   {len(pages)} pages checked")
