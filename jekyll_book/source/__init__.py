"""Markdown source: a Jekyll post's text into a doctree.

:mod:`.markdown` builds the one markdown-it parser (``build_markdown_parser``)
from an explicit, ordered plugin list (kramdown, Liquid, CJK emphasis,
typography, emoji, anchors…) and the ordered text hooks; :mod:`.parser` is the
MyST parser subclass Sphinx calls.  The other modules are those plugins.
"""
