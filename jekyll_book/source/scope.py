"""Which documents are posts (Jekyll's ``_posts/`` and ``_drafts/``)."""

from __future__ import annotations

from typing import Any

from jekyll_book.config import settings


def is_post(env: Any, docname: str) -> bool:
    """A document of the posts folder or the drafts folder, sub-folders included."""
    opts = settings(env.config)
    # drafts (Jekyll's _drafts/) are posts too; they are only read when shown.
    # Jekyll reads sub-folders of _posts/ as posts as well.
    for folder in (opts.posts_dir.strip("/"), opts.drafts_dir.strip("/")):
        if folder in ("", "."):
            if "/" not in docname:
                return True
        elif docname.startswith(folder + "/"):
            return True
    return False
