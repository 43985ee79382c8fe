"""Output is deterministic, and an incremental build equals a clean one."""

from __future__ import annotations

import json
import shutil
from dataclasses import fields
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from jekyll_book.features.posts import Session
from jekyll_book.pages.listing import _shown_session

ROOT = Path(__file__).parent / "roots" / "test-hostile"
POSTS = Path("docs") / "posts"


def build(
    srcdir: Path, builddir: Path, *, fresh: bool = True, parallel: int = 0
) -> tuple[Path, str]:
    warnings = StringIO()
    app = SphinxTestApp(
        "html", srcdir=srcdir, builddir=builddir, freshenv=fresh,
        status=StringIO(), warning=warnings, parallel=parallel,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), warnings.getvalue()


def snapshot(outdir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(outdir).as_posix(): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file()
    }


def search_terms(data: bytes) -> dict:
    """The search index without the empty entries Sphinx's incremental prune
    leaves behind (terms of a deleted post map to ``[]``: same search results)."""
    index = json.loads(data.decode()[len("Search.setIndex(") : -1])
    for key in ("terms", "titleterms"):
        index[key] = {k: v for k, v in index[key].items() if v != []}
    return index


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def assert_same_output(inc: dict[str, bytes], ref: dict[str, bytes]) -> None:
    """Every file equal; the search index up to the empty entries Sphinx keeps."""
    changed = differences(inc, ref)
    if "searchindex.js" in changed:
        assert search_terms(inc["searchindex.js"]) == search_terms(ref["searchindex.js"])
        changed.remove("searchindex.js")
    assert changed == []


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    first, log = build(src, tmp_path / "one")
    second, _ = build(src, tmp_path / "two")
    assert not log
    one, two = snapshot(first), snapshot(second)
    assert len(one) > 10
    assert differences(one, two) == []


# a new year: every page's sidebar (archive years) changes, not only the new post's
NEW_POST = "---\ntitle: 새 글 NEW-POST\ndate: 2021-02-01\ntags: [docker, 새태그]\n---\n\n새 본문\n"


def change_posts(src: Path) -> None:
    posts = src / POSTS
    (posts / "2021-02-01-new.md").write_text(NEW_POST, encoding="utf-8")
    first = posts / "2020-01-01-good-first.md"
    first.write_text(
        first.read_text(encoding="utf-8").replace("첫 번째 정상 글", "고친 제목 EDITED")
        .replace("tags: [docker, 보안]", "tags: [보안]"),
        encoding="utf-8",
    )
    (posts / "2020-01-02-good-second.md").unlink()


def test_incremental_build_equals_clean_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    build(src, tmp_path / "inc")
    change_posts(src)
    incremental, log = build(src, tmp_path / "inc", fresh=False)
    assert not log
    clean, _ = build(src, tmp_path / "clean")
    inc, ref = snapshot(incremental), snapshot(clean)
    # Sphinx never deletes output: pages of a deleted post or tag stay on disk
    # (Read the Docs always builds clean); no page of the site may link them
    leftovers = set(inc) - set(ref)
    assert "docs/posts/2020-01-02-good-second.html" in leftovers
    pages = b"".join(v for k, v in ref.items() if k.endswith(".html"))
    for name in leftovers:
        assert Path(name).name.encode() not in pages, name
    assert_same_output({k: v for k, v in inc.items() if k in ref}, ref)
    assert "고친 제목 EDITED" in ref["index.html"].decode() and "NEW-POST" in ref["index.html"].decode()


SITE = Path(__file__).resolve().parents[1]


def site_copy(dest: Path, posts: list[Path] | None = None) -> Path:
    """The repository's site (conf.py, pages, static files) in ``dest`` with
    ``posts``, by default its own sample posts (the benchmark's site copy)."""
    from benchmarks.bench import make_site

    return make_site(dest, sorted((SITE / POSTS).glob("*.md")) if posts is None else posts)


def test_real_site_incremental_equals_clean_when_a_year_appears(tmp_path: Path) -> None:
    """The repository's own site layout (archive years in every sidebar)."""
    src = site_copy(tmp_path / "site")
    build(src, tmp_path / "inc")
    posts = src / POSTS
    (posts / "2025-03-01-new-year.md").write_text(
        NEW_POST.replace("2021-02-01", "2025-03-01"), encoding="utf-8"
    )
    victim = sorted(posts.glob("2018-*.md"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n\n추가 문단 EDITED.\n", "utf-8")
    incremental, log = build(src, tmp_path / "inc", fresh=False)
    assert not log
    clean, _ = build(src, tmp_path / "clean")
    inc, ref = snapshot(incremental), snapshot(clean)
    assert_same_output(inc, ref)
    assert "2025" in ref["docs/posts/2018-12-03-if-kakao-2018-review.html"].decode()


def test_new_archive_year_rewrites_every_sidebar(tmp_path: Path) -> None:
    """Generated posts in the site's layout: a post in a new year adds the year
    to every page's sidebar, so every page must be rewritten."""
    from benchmarks.generate import generate_posts

    posts = generate_posts(tmp_path / "generated", 60, seed=0)
    src = site_copy(tmp_path / "site", posts)
    build(src, tmp_path / "inc", parallel=2)
    newest = max(posts, key=lambda p: p.name)
    year = int(newest.name[:4]) + 1
    text = newest.read_text(encoding="utf-8").replace(newest.name[:10], f"{year}-01-02")
    (src / POSTS / f"{year}-01-02-new-year.md").write_text(text, encoding="utf-8")
    incremental, _ = build(src, tmp_path / "inc", fresh=False, parallel=2)
    clean, _ = build(src, tmp_path / "clean", parallel=2)
    inc, ref = snapshot(incremental), snapshot(clean)
    assert_same_output(inc, ref)
    assert f"{year}년" in ref[f"docs/posts/{posts[0].stem}.html"].decode()


def test_list_pages_are_rewritten_only_when_what_they_show_changes(tmp_path: Path) -> None:
    """The landing page (excerpts) and the session index are filled from the
    post records: a body edit below the excerpt leaves them alone; an excerpt
    or a session heading edit rewrites them, equal to a clean build."""
    from benchmarks.generate import generate_posts

    posts = generate_posts(tmp_path / "generated", 12, seed=1)
    src = site_copy(tmp_path / "site", posts)
    out = tmp_path / "inc"
    _, log = build(src, out)
    assert not log
    lists = [Path(out, "html", name) for name in ("index.html", "docs/sessions/index.html")]
    stamps = [p.stat().st_mtime_ns for p in lists]
    post = src / POSTS / posts[5].name
    text = post.read_text(encoding="utf-8")

    # 1. a paragraph added at the end: only the post (and its archive page) change
    post.write_text(text + "\n\n끝에 덧붙인 문단 TAIL-EDIT.\n", encoding="utf-8")
    build(src, out, fresh=False)
    assert [p.stat().st_mtime_ns for p in lists] == stamps
    assert "TAIL-EDIT" in Path(out, "html", POSTS, post.stem + ".html").read_text("utf-8")

    # 2. the excerpt and a session heading: both list pages are written again
    body_start = text.index("\n---\n") + 5
    first_para_end = text.index("\n\n", body_start + 1)
    edited = text[:first_para_end] + " EXCERPT-EDIT" + text[first_para_end:]
    edited = edited.replace("#### 1. ", "#### 1. SESSION-EDIT ", 1)
    assert "SESSION-EDIT" in edited
    post.write_text(edited, encoding="utf-8")
    incremental, log = build(src, out, fresh=False)
    assert not log
    assert all(p.stat().st_mtime_ns != s for p, s in zip(lists, stamps, strict=True))
    clean, _ = build(src, tmp_path / "clean")
    inc, ref = snapshot(incremental), snapshot(clean)
    assert_same_output(inc, ref)
    assert "EXCERPT-EDIT" in ref["index.html"].decode()
    assert "SESSION-EDIT" in ref["docs/sessions/index.html"].decode()


def test_session_signature_holds_every_shown_field() -> None:
    """The session index is rewritten when anything it shows changes: its
    signature of a session must hold every field but the line number."""
    session = Session(**{f.name: f"value-{f.name}" for f in fields(Session) if f.name != "line"}, line=7)
    shown = _shown_session(session)
    assert sorted(shown) == sorted(getattr(session, f.name) for f in fields(Session) if f.name != "line")
    assert 7 not in shown
