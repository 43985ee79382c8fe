"""The blog's look: its CSS classes, captioned images, local images.

Jekyll themes style ``<span class="emphasis">``, ``emphasis-org``,
``caption`` and ``<small>`` in posts; ``static/jekyll_book.css`` gives them
the same meaning here.  An image directly followed by a caption span (the
blog's way of writing a figure) becomes a real figure with a caption.
Images under the site root (``/assets/x.png``: the repository root is the
Jekyll site root) are copied by Sphinx; a local image that does not exist is
shown as a plain ``<img>`` at its address, with a warning (the Jekyll site
had the file), and an image without an address (``![alt]()``) as
``<img src="">``, as Jekyll does.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parents[1] / "static"
_CAPTION_OPEN = re.compile(r"""^<(span|em|p|div|small)\b[^>]*class=["'][^"']*\bcaption\b[^"']*["'][^>]*>$""")


class CaptionedImages(SphinxTransform):
    """``![x](a.png)`` + ``<span class="caption">…</span>`` → figure."""

    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        for para in list(self.document.findall(nodes.paragraph)):
            children = [c for c in para.children if not (isinstance(c, nodes.Text) and not c.strip())]
            if len(children) < 3 or not isinstance(children[0], nodes.image):
                continue
            opening, closing = children[1], children[-1]
            if not (isinstance(opening, nodes.raw) and isinstance(closing, nodes.raw)):
                continue
            match = _CAPTION_OPEN.match(opening.astext().strip())
            if not match or closing.astext().strip() != f"</{match.group(1)}>":
                continue
            caption = nodes.caption()
            for child in children[2:-1]:
                caption += child.deepcopy()
            figure = nodes.figure("", children[0].deepcopy(), caption, classes=["jekyll-figure"])
            figure.source, figure.line = para.source, para.line
            self.document.set_id(figure)
            para.replace_self(figure)


class MissingLocalImages(SphinxTransform):
    """A local image that is not in the site stays an ``<img>`` link."""

    default_priority = 410

    def apply(self, **kwargs: Any) -> None:
        srcdir = str(self.env.srcdir)
        docdir = os.path.dirname(self.env.doc2path(self.env.docname))
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if "://" in uri or uri.startswith("data:"):
                continue
            if not uri:  # ![alt]() — Sphinx would take the post's folder for the image
                logger.info("image %r has no address (kept empty, as Jekyll does)",
                            image.get("alt", ""), location=image)  # fmt: skip
            else:
                base = srcdir if uri.startswith("/") else docdir
                path = os.path.join(base, uri.split("?")[0].split("#")[0].lstrip("/"))
                if os.path.isfile(path):
                    continue
                logger.warning(
                    "image %s is not in the site (add it under %s to publish it)",
                    uri,
                    "the repository root" if uri.startswith("/") else "the post's folder",
                    location=(self.env.docname, _line_of(image)), type="jekyll_book",
                    subtype="image",
                )
            html = "<img{} />".format("".join(
                f' {name}="{_attr(str(value))}"' for name, value in _img_attributes(image, uri)
            ))
            raw = nodes.raw("", html, format="html")
            raw.source, raw.line = image.source, image.line
            image.replace_self(raw)


def _line_of(node: nodes.Node) -> int | None:
    """The node's line, else its nearest ancestor's (images in lists and
    tables carry none of their own)."""
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return None


def _img_attributes(image: nodes.image, uri: str) -> list[tuple[str, str]]:
    """What the ``<img>`` Sphinx would write carries, for the plain one."""
    attrs = [("src", uri), ("alt", image.get("alt", ""))]
    for name in ("width", "height"):
        if image.get(name):
            attrs.append((name, image[name]))
    if image.get("classes"):
        attrs.append(("class", " ".join(image["classes"])))
    if image.get("align"):
        attrs.append(("align", image["align"]))
    return attrs


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _static_path(app: Sphinx) -> None:
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def setup_figures(app: Sphinx) -> None:
    app.add_transform(CaptionedImages)
    app.add_transform(MissingLocalImages)
    app.connect("builder-inited", _static_path)
    app.add_css_file("jekyll_book.css")
