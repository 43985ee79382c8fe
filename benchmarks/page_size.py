"""Does a post page grow with the number of posts?  Builds N=20 and N=2000.

    .venv/bin/python benchmarks/page_size.py [--small 20] [--large 2000]

Prints the HTML size of the same post (the newest) in both sites and the
ratio; exits 1 when the large site's page is more than 10% bigger.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_posts  # noqa: E402

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
project = "벤치마크"
language = "ko"
extensions = ["jekyll_book"]
include_patterns = ["index.md", "docs/**"]
myst_enable_extensions = ["deflist", "tasklist", "strikethrough"]
myst_heading_anchors = 6
suppress_warnings = ["myst.strikethrough"]
templates_path = [{str(ROOT / "_templates")!r}]
html_theme = "sphinx_book_theme"
html_theme_options = {{"home_page_in_toc": True}}
"""
INDEX = """# 벤치마크

```{toctree}
:hidden:

docs/archive/index
docs/categories/index
docs/tags/tagsindex
docs/sessions/index
```
"""


def build_site(folder: Path, n: int, seed: int = 1) -> Path:
    """Generate ``n`` posts in ``folder`` and build it; returns the HTML folder."""
    folder.mkdir(parents=True)
    (folder / "conf.py").write_text(CONF, encoding="utf-8")
    (folder / "index.md").write_text(INDEX, encoding="utf-8")
    generate_posts(folder / "docs" / "posts", n, seed)
    out = folder / "_build"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "auto", str(folder), str(out)],
        check=True,
    )
    return out


def newest_post_size(html: Path) -> int:
    pages = sorted((html / "docs" / "posts").glob("*.html"))
    return pages[-1].stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20)
    parser.add_argument("--large", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="page-size-") as tmp:
        sizes = []
        for n in (args.small, args.large):
            size = newest_post_size(build_site(Path(tmp) / f"n{n}", n))
            sizes.append(size)
            print(f"{n:>6} posts: newest post page {size:,} bytes")
    ratio = sizes[1] / sizes[0]
    print(f"ratio {ratio:.3f}")
    return 0 if ratio <= 1.10 else 1


if __name__ == "__main__":
    sys.exit(main())
