"""``make screenshots``: PNGs of the built site in headless Chromium (desktop and mobile).

Reads the HTML in ``_build/html`` through ``file://`` URLs; nothing is
downloaded.  ``--readme`` also writes the two small pictures the README shows.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from urllib.parse import quote

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SIZES = {"desktop": (1280, 900), "mobile": (375, 812)}


def pages(html: Path) -> dict[str, Path]:
    """name → page: the landing page, a post, a tag page and the search page."""
    posts = sorted((html / "docs" / "posts").glob("*.html"))
    tags = sorted(p for p in (html / "docs" / "tags").glob("*.html") if p.stem != "tagsindex")
    chosen = {"landing": html / "index.html", "search": html / "search.html"}
    if posts:
        # the newest post with the most text shows the typography best
        chosen["post"] = max(posts[-5:], key=lambda p: p.stat().st_size)
    if tags:
        chosen["tag"] = max(tags, key=lambda p: p.stat().st_size)
    return {name: path for name, path in chosen.items() if path.is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--html", type=Path, default=Path("_build/html"))
    parser.add_argument("--out", type=Path, default=Path("_build/screenshots"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--readme", type=Path, help="also write the README's two pictures here")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    if not (args.html / "index.html").is_file():
        print(f"{args.html}/index.html not found: run 'make html' first", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    shots = pages(args.html)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for size, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in shots.items():
                query = "?q=" + quote("쿠버네티스") if name == "search" else ""
                page.goto(path.resolve().as_uri() + query)
                page.wait_for_load_state("load")
                page.wait_for_timeout(300)  # the theme's scripts settle (fonts, sidebar)
                target = args.out / f"{name}-{size}.png"
                page.screenshot(path=str(target))
                print(target)
            page.close()
        if args.readme:
            args.readme.mkdir(parents=True, exist_ok=True)
            page = browser.new_page(viewport={"width": 1024, "height": 720}, device_scale_factor=1)
            page.goto(shots["landing"].resolve().as_uri())
            page.wait_for_timeout(300)
            page.screenshot(path=str(args.readme / "landing-desktop.png"))
            page.close()
            page = browser.new_page(viewport={"width": 375, "height": 720}, device_scale_factor=1)
            page.goto(shots.get("post", shots["landing"]).resolve().as_uri())
            page.wait_for_timeout(300)
            page.screenshot(path=str(args.readme / "post-mobile.png"))
            page.close()
            print(args.readme / "landing-desktop.png", args.readme / "post-mobile.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
