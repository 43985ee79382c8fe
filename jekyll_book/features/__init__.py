"""Post features: what each post page carries, and the cross-document state.

:mod:`.posts` is the Domain (one ``Post`` per post: parallel- and
incremental-safe); :mod:`.labels` the site's tags and categories;
:mod:`.header`, :mod:`.extras` (reading time, related posts),
:mod:`.sessions` (a table of contents per talk), :mod:`.figures`,
:mod:`.reading` (comments, copy buttons, ``toc: false``) and :mod:`.drafts`.
"""
