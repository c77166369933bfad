"""Cell outputs made inert for the exported HTML (scripts/export_html.py, template elbolab).

An output is data: a table, a Markdown text, a figure. Whatever it holds (a data-set label, a file name, an
output edited by hand), the HTML that whoever opens the export reads must not run it. The template passes the
HTML of every text/html output and of every rendered text/markdown output through `clean_output_html`, which
parses it (Python's html.parser through BeautifulSoup) and

- replaces every element that runs, loads or hides something (script, style, iframe, frame, object, embed,
  applet, base, meta, link, form, noscript, template, math, foreignObject, SVG animation elements, ...) by its
  own markup as visible text, so the reader sees what was there and nothing runs;
- drops every event-handler attribute (on*), `srcdoc`, form actions, attribute names a browser would read
  differently (`/onerror`), URL attributes whose scheme is not http, https or mailto (`javascript:`,
  `vbscript:`, `data:` except images in `src`, whose scripts never run; tabs and line breaks inside the
  scheme included), and `style` attributes that load or run something (`url(`, `expression(`, `@import`,
  `behavior`, `-moz-binding`, CSS escapes);
- drops comments, CDATA sections, processing instructions and doctypes;

then serialises the tree (text escaped, attributes quoted), parses that again and checks the result once
more: if a second pass would still change anything, the whole output is shown as escaped text instead.
Everything else (tables, inline styles for alignment, images from data:image/ URLs, links to http(s)) stays.

`live_chart_spec` decides whether a chart's vega-lite spec may become a live vega-embed view: only a spec with
no `url` or `href` outside its data values and no image mark (what `renderChart` accepts); any other chart
shows its PNG.
"""
import re

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction
from bs4.element import CData, NavigableString, Tag

INERT_ELEMENTS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
    "form", "noscript", "noembed", "noframes", "template", "xmp", "plaintext", "title", "portal", "math",
    "foreignobject", "animate", "animatemotion", "animatetransform", "set", "handler", "listener", "discard",
    "param", "slot", "dialog",
}
URL_ATTRIBUTES = {
    "href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "cite", "longdesc",
    "usemap", "manifest", "codebase", "ping", "lowsrc", "dynsrc", "srcset", "archive", "classid", "profile",
    "icon", "itemtype", "xml:base", "from", "to", "values", "by",
}
DROPPED_ATTRIBUTES = {"srcdoc", "formaction", "action", "http-equiv", "is", "nonce"}
SAFE_SCHEMES = {"http", "https", "mailto"}
IMAGE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.IGNORECASE)
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z_][-A-Za-z0-9_.:]*$")
STYLE_DANGER = re.compile(r"url\s*\(|expression\s*\(|@import|behavior|-moz-binding|javascript:|\\", re.IGNORECASE)
# what browsers strip from a URL before they read its scheme: controls, spaces, tabs, line breaks
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def _url_allowed(name, value):
    url = URL_IGNORED.sub("", value)
    m = SCHEME.match(url)
    if not m:
        return True  # relative: this file's folder or a fragment
    if name == "src" and IMAGE_DATA.match(url):
        return True
    return m.group(1).lower() in SAFE_SCHEMES


def _attribute_allowed(name, value):
    lower = name.lower()
    if not ATTRIBUTE_NAME.match(name) or lower.startswith("on") or lower in DROPPED_ATTRIBUTES:
        return False
    values = value if isinstance(value, list) else [value]
    if lower in URL_ATTRIBUTES:
        return all(_url_allowed(lower, str(v)) for v in values)
    if lower == "style":
        return not any(STYLE_DANGER.search(str(v)) for v in values)
    return True


def _attached(tag, soup):
    while tag is not None and tag is not soup:
        tag = tag.parent
    return tag is soup


def _clean_tree(soup):
    """Makes the parsed tree inert in place; returns the number of changes."""
    changes = 0
    for node in list(soup.descendants):
        if isinstance(node, (Comment, CData, ProcessingInstruction, Declaration, Doctype)):
            node.extract()
            changes += 1
    for tag in list(soup.find_all(True)):
        if not _attached(tag, soup):
            continue  # inside an element already replaced by text
        if tag.name.lower() in INERT_ELEMENTS:
            tag.replace_with(NavigableString(str(tag)))
            changes += 1
            continue
        for name in list(tag.attrs):
            if not _attribute_allowed(name, tag.attrs[name]):
                del tag.attrs[name]
                changes += 1
    return changes


def clean_output_html(html):
    """The output's HTML with nothing that runs or loads (see the module comment)."""
    html = html.decode() if isinstance(html, bytes) else str(html)
    soup = BeautifulSoup(html, "html.parser")
    if _clean_tree(soup) == 0:
        return html
    cleaned = str(soup)
    again = BeautifulSoup(cleaned, "html.parser")
    if _clean_tree(again) != 0:
        # the serialised tree still parses into something unsafe: show it all as text
        return str(NavigableString(html).output_ready())
    return cleaned


def _spec_is_inert(value, key=""):
    if isinstance(value, list):
        return all(_spec_is_inert(v, key) for v in value)
    if not isinstance(value, dict):
        return True
    if key == "mark" and value.get("type") == "image":
        return False
    for k, v in value.items():
        if k == "href" or (k == "url") or (k == "mark" and v == "image"):
            return False
        if (key == "data" and k == "values") or k in ("usermeta", "datasets"):
            continue
        if not _spec_is_inert(v, k):
            return False
    return True


def live_chart_spec(spec):
    """`spec` when it may become a live view in the export, else None (the PNG shows)."""
    return spec if isinstance(spec, dict) and _spec_is_inert(spec) else None
