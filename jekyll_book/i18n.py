"""Korean UI strings the theme and Sphinx leave in English.

The ``.po`` file is the source; it is compiled to ``.mo`` next to the build's
doctrees (only when the ``.po`` changed), so nothing binary is committed and
an installed package never writes into site-packages.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.application import Sphinx

LOCALE_DIR = Path(__file__).parent / "locale"


def compile_catalogs(dest: Path) -> Path:
    """Compile every ``.po`` under :data:`LOCALE_DIR` into ``dest``; return it."""
    for po in LOCALE_DIR.rglob("*.po"):
        mo = dest / po.relative_to(LOCALE_DIR).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as src:
            catalog = read_po(src)
        tmp = mo.with_suffix(".tmp")
        with tmp.open("wb") as out:
            write_mo(out, catalog)
        tmp.replace(mo)  # atomic: parallel test builds may race here
    return dest


def setup_i18n(app: Sphinx) -> None:
    # registered catalogs are fallbacks: Sphinx's own translations win
    app.add_message_catalog("sphinx", str(compile_catalogs(Path(app.doctreedir) / "jekyll_book_locale")))
