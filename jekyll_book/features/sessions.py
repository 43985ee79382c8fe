"""Sessions: a "세션" table of contents per post and a site-wide session index.

A session is a top-level section of a post body (whatever heading level the
author used: the parser puts them right under the title).  Its number,
speaker (``OOO님``) and company (a trailing ``(팀/회사)`` in the title, or
``OOO님(회사)`` in its first paragraph) are read from the text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from jekyll_book.config import settings
from jekyll_book.features.header import format_date
from jekyll_book.features.posts import Post, Session, get_domain
from jekyll_book.pages.generate import Entry, page

SESSIONS_DIR = "docs/sessions"
CAPTION = "세션"

#: "1. ", "2) ", "1.2 " (a bare "3 " or "2021 " is part of the title)
_NUMBER = re.compile(r"^\s*(?:(\d{1,3}(?:\.\d{1,3})*)[.)]|(\d{1,3}(?:\.\d{1,3})+))\s+")
_TRAILING_PARENS = re.compile(r"\s*\(([^()]+)\)\s*$")
_SPEAKER = re.compile(r"(?<![가-힣])([가-힣]{2,4})님")
_SPEAKER_COMPANY = re.compile(r"[가-힣]{2,4}님\s*\(([^()]+)\)")
#: words followed by 님 that are roles, not names
_NOT_NAMES = frozenset(
    {"강사", "발표자", "연사", "선생", "고객", "사용자", "팀장", "교수", "멘토", "참가자", "여러분"}
)


def parse_session(title: str, first_paragraph: str = "") -> dict[str, str]:
    """Number, bare title, speaker(s) and company of a session heading."""
    rest = title.strip()
    number = ""
    match = _NUMBER.match(rest)
    if match:
        number, rest = match.group(1) or match.group(2), rest[match.end() :]
    company = ""
    match = _TRAILING_PARENS.search(rest)
    if match and match.start() > 0:
        company, rest = match.group(1).strip(), rest[: match.start()]
    speakers: list[str] = []
    for text in (title, first_paragraph):
        for name in _SPEAKER.findall(text):
            if name not in _NOT_NAMES and name not in speakers:
                speakers.append(name)
    if not company:
        match = _SPEAKER_COMPANY.search(first_paragraph)
        if match:
            company = match.group(1).strip()
    return {
        "number": number,
        "title": rest.strip(),
        "speaker": ", ".join(speakers),
        "company": company,
    }


def _wanted(env: Any, docname: str) -> bool:
    """``sessions: false`` in front matter, or the site option, turns them off."""
    post = get_domain(env).posts.get(docname)
    return settings(env.config).sessions and post is not None and post.meta.sessions


def find_sessions(doctree: nodes.document) -> tuple[nodes.section | None, list[Session]]:
    title_section = next(iter(doctree.findall(nodes.section)), None)
    if title_section is None:
        return None, []
    found = []
    for section in title_section.children:
        if not isinstance(section, nodes.section) or not section["ids"]:
            continue
        heading = section[0].astext() if isinstance(section[0], nodes.title) else ""
        first = next((c for c in section.children[1:] if isinstance(c, nodes.paragraph)), None)
        parts = parse_session(heading, first.astext() if first is not None else "")
        found.append(
            Session(
                title=parts["title"] or heading,
                anchor=section["ids"][0],
                number=parts["number"],
                speaker=parts["speaker"],
                company=parts["company"],
                line=section.line or (section[0].line if len(section) else 0) or 0,
            )
        )
    return title_section, found


def session_toc(sections: list[nodes.section]) -> nodes.container:
    box = nodes.container(classes=["session-toc"])
    box += nodes.rubric(CAPTION, CAPTION)
    items = nodes.bullet_list()
    for section in sections:
        text = section[0].astext()
        ref = nodes.reference("", text, refid=section["ids"][0], internal=True)
        items += nodes.list_item("", nodes.paragraph("", "", ref))
    box += items
    return box


def collect_sessions(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    domain = get_domain(env)
    if env.docname not in domain.posts or not _wanted(env, env.docname):
        return
    title_section, sessions = find_sessions(doctree)
    domain.update_post(env.docname, sessions=tuple(sessions))
    if title_section is None or len(sessions) < settings(app.config).session_toc_min:
        return
    sections = [c for c in title_section.children if isinstance(c, nodes.section) and c["ids"]]
    children = title_section.children
    at = next((i + 1 for i, c in enumerate(children) if "post-header" in c.get("classes", [])), 1)
    title_section.insert(at, session_toc(sections))


class session_index(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Placeholder replaced by every session of every post."""


class SessionIndexDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_listing(self.env.docname, "sessions")
        node = session_index()
        self.set_source_info(node)
        return [node]


def session_line(uri: str, session: Session) -> nodes.paragraph:
    para = nodes.paragraph()
    label = f"{session.number}. {session.title}" if session.number else session.title
    para += nodes.reference("", label, refuri=f"{uri}#{session.anchor}", internal=True)
    who = session.speaker
    if session.company:
        who = f"{who} ({session.company})" if who else session.company
    if who:
        para += nodes.Text(" — ")
        para += nodes.inline(who, who, classes=["session-speaker"])
    return para


def render_index(app: Sphinx, fromdocname: str, posts: list[Post]) -> nodes.container:
    box = nodes.container(classes=["session-index"])
    for post in posts:
        if not post.sessions:
            continue
        uri = app.builder.get_relative_uri(fromdocname, post.docname)
        heading = nodes.paragraph(classes=["session-index-post"])
        heading += nodes.strong("", "", nodes.reference("", post.title, refuri=uri, internal=True))
        heading += nodes.Text(" · " + format_date(app.config, post))
        box += heading
        items = nodes.bullet_list()
        for session in post.sessions:
            items += nodes.list_item("", session_line(uri, session))
        box += items
    return box


def fill_session_index(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(session_index))
    if not placeholders:
        return
    posts = get_domain(app.env).newest_first(include_drafts=settings(app.config).show_drafts)
    for node in placeholders:
        node.replace_self(render_index(app, fromdocname, posts))


def sessions_page(app: Sphinx, entries: list[Entry]) -> tuple[Path, dict[str, str]]:
    body = [
        f"# {CAPTION}",
        "",
        "글마다 들은 세션을 모았습니다. 최신 글부터 보여 줍니다.",
        "",
        "```{session-index}",
        "```",
    ]
    return Path(app.srcdir) / SESSIONS_DIR, {"index.md": page(body)}


def setup_sessions(app: Sphinx) -> None:
    app.add_node(session_index)
    app.add_directive("session-index", SessionIndexDirective)
    # after the header (400) and after section ids settle (default 500)
    app.connect("doctree-read", collect_sessions, priority=700)
    app.connect("doctree-resolved", fill_session_index)
