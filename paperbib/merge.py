"""Finding the same paper read twice and merging the records into one.

Two records are the same paper when they share an arXiv id or a DOI, or, when
neither identifier tells them apart, the same normalised title and year. The
merged entry keeps the richer data of the two: author names, a full date
over a year, an abstract, identifiers, links and extras from either (the
first record's values win). Runs in linear time.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

import attrs

from paperbib._startup import LazyPattern
from paperbib.diagnostics import Diagnostics
from paperbib.models import Entry, EntryKind

__all__ = ["merge_duplicates"]

_NOT_WORD = LazyPattern(r"[\W_]+")  # only non-ASCII titles need it
_ASCII_PUNCTUATION = str.maketrans(dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", " "))
# The more specific kind wins when two records of one paper disagree.
_SPECIFICITY = {
    EntryKind.MISC: 0,
    EntryKind.WEB_PAGE: 1,
    EntryKind.PREPRINT: 2,
    EntryKind.DATASET: 3,
    EntryKind.REPORT: 3,
    EntryKind.CONFERENCE_PAPER: 4,
    EntryKind.JOURNAL_ARTICLE: 4,
}


def _title_key(entry: Entry) -> tuple[str, int] | None:
    if not entry.date or not entry.title:
        return None
    if entry.title.isascii():
        words = entry.title.lower().translate(_ASCII_PUNCTUATION).split()
    else:
        text = unicodedata.normalize("NFKD", entry.title).casefold()
        words = _NOT_WORD.sub(" ", text).split()
    return (" ".join(words), entry.date.year) if len(words) >= 2 else None


def _doi(entry: Entry) -> str | None:
    return entry.doi.casefold() if entry.doi else None


def _conflict(a: Entry, b: Entry) -> bool:
    """Whether identifiers prove two records are different papers."""
    if a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id:
        return True
    return bool(
        a.doi and b.doi and _doi(a) != _doi(b) and not (a.arxiv_id and a.arxiv_id == b.arxiv_id)
    )


def _richer_date(a: Entry, b: Entry) -> Entry:
    if a.date is None:
        return b
    if b.date is None or a.date.year != b.date.year:
        return a
    return b if len(b.date.parts()) > len(a.date.parts()) else a


def _merge(a: Entry, b: Entry) -> Entry:
    """*a* completed with what *b* knows."""
    changes: dict[str, Any] = {}
    for field in attrs.fields(Entry):
        name = field.name
        if name in ("key", "origin", "kind", "date", "authors", "links", "categories", "extra"):
            continue
        if getattr(a, name) in (None, "", ()) and getattr(b, name) not in (None, "", ()):
            changes[name] = getattr(b, name)
    if not a.authors and b.authors:
        changes["authors"] = b.authors
    changes["extra"] = a.extra | b.extra
    changes["date"] = _richer_date(a, b).date
    if _SPECIFICITY[b.kind] > _SPECIFICITY[a.kind]:
        changes["kind"] = b.kind
    changes["links"] = tuple(dict.fromkeys(a.links + b.links))
    changes["categories"] = a.categories or b.categories
    if a.key == "" and b.key:
        changes["key"] = b.key
    return attrs.evolve(a, **changes)


def merge_duplicates(
    entries: Sequence[Entry], report: Diagnostics
) -> tuple[list[Entry], list[int]]:
    """The entries with duplicates merged into their first occurrence.

    Returns the merged list and, for every input position, the position of the
    entry it ended up in. Each merge is reported as a ``merged`` note located
    at the later record.
    """
    merged: list[Entry] = []
    where: list[int] = []
    index: dict[tuple[str, object], int] = {}

    def keys(entry: Entry) -> list[tuple[str, object]]:
        found: list[tuple[str, object]] = []
        if entry.arxiv_id:
            found.append(("arxiv", entry.arxiv_id.casefold()))
        if entry.doi:
            found.append(("doi", _doi(entry)))
        if (title := _title_key(entry)) is not None:
            found.append(("title", title))
        return found

    for entry in entries:
        own = keys(entry)
        target = next(
            (index[k] for k in own if k in index and not _conflict(merged[index[k]], entry)),
            None,
        )
        if target is None:
            target = len(merged)
            merged.append(entry)
            for k in own:
                index.setdefault(k, target)
        else:
            first = merged[target]
            merged[target] = _merge(first, entry)
            origin = entry.origin
            first_at = f" ({first.origin})" if first.origin else ""
            report.note(
                "merged",
                f"same paper as an earlier entry{first_at}: {entry.title[:60]!r}; merged into it",
                source=origin.source if origin else None,
                line=origin.line if origin else None,
                origin=origin,
            )
            for k in keys(merged[target]):
                index.setdefault(k, target)
        where.append(target)
    return merged, where
