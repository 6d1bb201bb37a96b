"""Hugging Face papers pages: daily, weekly and monthly lists, search results, single papers.

Detected by any of: a ``SVELTE_HYDRATER`` element with ``data-target="DailyPapers"``
or ``"PaperContent"``; a server-rendered paper card (an ``<article>`` whose ``<h3>``
links to ``/papers/…``); an ``og:url`` or canonical address under
``huggingface.co/papers``.

The papers are read from the JSON in the hydrater's ``data-props`` (the records are
those of the ``hf-json`` reader). If it is missing or broken, the cards are read
instead, with a ``cards-only`` warning; a papers page with neither is an error.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from paperbib.models import Entry, EntryKind, PartialDate, Source
from paperbib.readers._arxiv import arxiv_id, date_from_id
from paperbib.readers._hf import entry_from_record, iso_date, iter_records
from paperbib.readers.html._page import Page, has_class, text_of

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["detect", "extract"]

_TARGETS = ("DailyPapers", "PaperContent")
_AUTHORS = re.compile(r"(\d[\d,]*)\s+authors?\b", re.IGNORECASE)
_PAPERS_URL = re.compile(r"https?://(?:www\.)?huggingface\.co/papers\b")


def detect(page: Page) -> bool:
    """Whether *page* has paper data, paper cards, or a papers-page address."""
    return (
        any(_is_hydrater(div) for div in page.root.iter("div"))
        or any(_is_card(article) for article in page.root.iter("article"))
        or _PAPERS_URL.match(page.meta("og:url") or page.canonical() or "") is not None
    )


def extract(page: Page) -> list[Entry]:
    """The papers of the page's JSON data, else of its cards, in page order."""
    report = page.report
    hydraters = [div for div in page.root.iter("div") if _is_hydrater(div)]
    entries: list[Entry] = []
    for div in hydraters:
        line = div.sourceline
        target = div.get("data-target")
        props = div.get("data-props")
        if not props:
            continue
        try:
            data = json.loads(props)
        except (ValueError, RecursionError) as exc:
            report.warning(
                "broken-props",
                f"the page's paper data ({target} data-props) is not valid JSON: {exc}",
                line=line,
                path=f"div[data-target={target}]",
            )
            continue
        accessed = _page_date(data)
        try:
            records = list(iter_records(data))
        except RecursionError:
            records = []
        for path, paper in records:
            entry = entry_from_record(
                paper, path=f"{target}:{path}", report=report, line=line, accessed=accessed
            )
            if entry is not None:
                entries.append(entry)
    if entries:
        return entries
    cards = [article for article in page.root.iter("article") if _is_card(article)]
    if cards:
        where = hydraters[0].sourceline if hydraters else cards[0].sourceline
        report.warning(
            "cards-only",
            "no usable paper data in the page; read the page's paper cards instead "
            "(titles, arXiv ids, upvotes and author counts, but no abstracts or names)",
            line=where,
        )
        return [entry for card in cards if (entry := _entry_from_card(page, card)) is not None]
    report.error(
        "no-paper-data",
        "a Hugging Face papers page without readable paper data or cards (cut short?)",
        line=hydraters[0].sourceline if hydraters else None,
    )
    return []


def _page_date(data: object) -> PartialDate | None:
    """The day of a list page: ``date`` (a timestamp), or ``dateString`` (``"2026-03-09"``),
    the only date the 2026 layout gives."""
    if not isinstance(data, dict):
        return None
    return iso_date(data.get("date")) or iso_date(data.get("dateString"))


def _is_hydrater(div: HtmlElement) -> bool:
    """Whether *div* holds paper data (other hydraters, such as banners, hold none)."""
    return div.get("data-target") in _TARGETS


def _is_card(article: HtmlElement) -> bool:
    """Whether *article* is a paper card: its ``<h3>`` links to ``/papers/…``."""
    return any(
        "/papers/" in (a.get("href") or "") for h3 in article.iter("h3") for a in h3.iter("a")
    )


def _entry_from_card(page: Page, article: HtmlElement) -> Entry | None:
    """The entry of one server-rendered paper card, or ``None`` (and an error) without a title."""
    link = next(
        a for h3 in article.iter("h3") for a in h3.iter("a") if "/papers/" in (a.get("href") or "")
    )
    title = text_of(link)
    identifier = arxiv_id(link.get("href") or "")
    if not title:
        page.report.drop(
            "missing-title", "paper card without a title skipped", line=article.sourceline
        )
        return None
    extra: dict[str, str | int] = {}
    count = _AUTHORS.search(text_of(article))
    if count:
        extra["hf.authorcount"] = int(count.group(1).replace(",", ""))
    for div in article.iter("div"):
        if has_class(div, "leading-none") and text_of(div).isdigit():
            extra["hf.upvotes"] = int(text_of(div))
            break
    return Entry(
        kind=EntryKind.PREPRINT,
        title=title,
        arxiv_id=identifier,
        date=date_from_id(identifier) if identifier else None,
        source=Source.HUGGING_FACE,
        extra=extra,
        origin=page.origin(article.sourceline),
    )
