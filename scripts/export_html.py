"""HTML of an executed notebook that reads the same offline, on any machine.

    from export_html import export_html
    export_html(nb, "output/full/03-elbo-neural.html")

Uses the template scripts/nbconvert/elbolab (JupyterLab's look) and copies its scripts from the
project's node_modules into assets/ beside the HTML, referenced relatively (copy the folder with
its assets/ to read it elsewhere):

- assets/mathjax/tex-svg-full.js (npm `mathjax` 3): typesets the Markdown's LaTeX, no CDN and no
  Debian libjs-mathjax. SVG output, so no font files are needed. With ui/safe.js (MathJax's safe
  mode): `\\href`, `\\style`, `\\class` and friends in math cannot make javascript: links or load
  anything.
- assets/vega/{vega,vega-lite,vega-embed}.min.js: each chart becomes a live vega-lite view at its
  own size; without them the PNG embedded in the HTML shows.

Outputs are shown, never run: the HTML of every text/html and text/markdown output is made inert
(scripts/nbconvert/sanitize_output.py: no script, no event-handler attribute, no javascript: URL, no
iframe), so a notebook that displays a data-set label or a file name cannot run script in whoever
opens its HTML. The only scripts in the page are the template's own (MathJax, vega-embed).
"""
import shutil
import sys
from pathlib import Path

from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "scripts" / "nbconvert"
sys.path.insert(0, str(TEMPLATES))
from sanitize_output import clean_output_html, live_chart_spec  # noqa: E402  (beside the template)
ASSETS_DIR = "assets"
ASSETS = {
    "mathjax/tex-svg-full.js": "mathjax/es5/tex-svg-full.js",
    "mathjax/ui/safe.js": "mathjax/es5/ui/safe.js",
    "vega/vega.min.js": "vega/build/vega.min.js",
    "vega/vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vega/vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
}


def copy_assets(target_dir):
    """Copies the scripts into target_dir/assets (skipping those already there, same size)."""
    for name, source in ASSETS.items():
        src = ROOT / "node_modules" / source
        if not src.is_file():
            raise FileNotFoundError(
                f"export_html: {src} is missing (run `npm install` in {ROOT}); "
                "the HTML would show raw LaTeX without it")
        dst = Path(target_dir) / ASSETS_DIR / name
        if dst.is_file() and dst.stat().st_size == src.stat().st_size:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)


def export_html(nb, html_path):
    """Writes nb (an executed NotebookNode) as html_path, with assets/ beside it."""
    html_path = Path(html_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    copy_assets(html_path.parent)
    exporter = HTMLExporter(template_name="elbolab", extra_template_basedirs=[str(TEMPLATES)])
    exporter.register_filter("elbolab_clean", clean_output_html)
    exporter.register_filter("elbolab_live_spec", live_chart_spec)
    body, _ = exporter.from_notebook_node(nb, resources={"elbolab_assets": ASSETS_DIR})
    html_path.write_text(body, encoding="utf-8")
