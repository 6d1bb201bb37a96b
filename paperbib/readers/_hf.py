"""Hugging Face paper records (the API's JSON, and the JSON inside papers pages) as entries."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

from paperbib._text import find_links
from paperbib.diagnostics import Diagnostics
from paperbib.models import Entry, EntryKind, Origin, PartialDate, Source
from paperbib.names import parse_name
from paperbib.readers._arxiv import arxiv_id

__all__ = ["entry_from_record", "iter_records"]

_LINE_WRAP = re.compile(r"(?<!\n)\n(?!\n)")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def fold(text: str) -> str:
    """Fold arXiv's hard line wraps; keep blank lines between paragraphs."""
    text = _LINE_WRAP.sub(" ", text.replace("\r\n", "\n"))
    paragraphs = (_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def iso_date(value: object) -> PartialDate | None:
    """``"2024-07-31T17:54:27.000Z"`` -> 2024-07-31."""
    if not isinstance(value, str):
        return None
    try:
        return PartialDate.from_date(datetime.date.fromisoformat(value[:10]))
    except ValueError:
        return None


def iter_records(data: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """``(json path, paper)`` for every paper record in a Hugging Face JSON document.

    Accepts ``/api/daily_papers`` lists (items with a ``paper``), search results,
    ``/api/papers/ID`` objects and the page JSON holding them
    (``dailyPapers``, ``searchResults``, ``paper``).
    """
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from iter_records(item, f"{path}[{index}]")
        return
    if not isinstance(data, dict):
        return
    if (
        isinstance(data.get("title"), str)
        and "id" in data
        and ("authors" in data or "summary" in data)
    ):
        yield path, data
        return
    for key in ("dailyPapers", "searchResults", "papers", "paper"):
        if key in data:
            yield from iter_records(data[key], f"{path}.{key}")
            return


def entry_from_record(
    paper: dict[str, Any],
    *,
    path: str,
    report: Diagnostics,
    line: int | None = None,
    accessed: PartialDate | None = None,
) -> Entry | None:
    """The entry for one paper record, or ``None`` (reported as dropped) when it has no title.

    Diagnostics about the record are attached to the entry's origin.
    """
    title = paper.get("title")
    if not isinstance(title, str) or not title.strip():
        report.drop(
            "missing-title", f"paper record without a title skipped ({path})", line=line, path=path
        )
        return None
    origin = report.origin(line=line, path=path)
    with report.about(origin):
        return _entry(paper, title, path=path, report=report, origin=origin, accessed=accessed)


def _entry(
    paper: dict[str, Any],
    title: str,
    *,
    path: str,
    report: Diagnostics,
    origin: Origin,
    accessed: PartialDate | None,
) -> Entry:
    line = origin.line
    identifier = str(paper.get("id") or "")
    arxiv = arxiv_id(identifier)
    if identifier and arxiv is None:
        report.warning(
            "not-arxiv",
            f"paper id {identifier!r} is not an arXiv identifier ({path}.id)",
            line=line,
            path=path,
        )
    authors = []
    listed = paper.get("authors")
    if listed is not None and not isinstance(listed, list):
        report.warning(
            "bad-author",
            f"authors is not a list; read without authors ({path}.authors)",
            line=line,
            path=path,
        )
        listed = None
    for index, author in enumerate(listed or []):
        name = author.get("name") if isinstance(author, dict) else None
        person = parse_name(name) if isinstance(name, str) else None
        if person is None:
            report.warning(
                "bad-author",
                f"author without a name skipped ({path}.authors[{index}])",
                line=line,
                path=path,
            )
            continue
        authors.append(person)
    date = iso_date(paper.get("publishedAt"))
    if date is None:
        report.warning(
            "missing-date",
            f"paper has no usable publishedAt ({path}.publishedAt)",
            line=line,
            path=path,
        )
    summary = paper.get("summary")
    abstract = fold(summary) if isinstance(summary, str) and summary.strip() else None
    links = [
        link
        for key in ("githubRepo", "projectPage")
        if isinstance(link := paper.get(key), str) and link
    ]
    if abstract:
        links.extend(link for link in find_links(abstract) if link not in links)
    extra: dict[str, str | int] = {}
    organization = paper.get("organization")
    if isinstance(organization, dict):
        org_name = organization.get("fullname") or organization.get("name")
        if isinstance(org_name, str) and org_name.strip():
            extra["hf.organization"] = _SPACES.sub(" ", org_name).strip()
    upvotes = paper.get("upvotes")
    if isinstance(upvotes, int) and not isinstance(upvotes, bool):
        extra["hf.upvotes"] = upvotes
    return Entry(
        kind=EntryKind.PREPRINT,
        title=fold(title),
        authors=authors,
        date=date,
        abstract=abstract,
        arxiv_id=arxiv,
        links=tuple(dict.fromkeys(links)),
        accessed=accessed,
        source=Source.HUGGING_FACE,
        extra=extra,
        origin=origin,
    )
