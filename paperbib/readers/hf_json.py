"""Reader for Hugging Face papers API responses (format ``hf-json``).

``GET /api/daily_papers`` (a list of ``{"paper": …}`` items), ``GET /api/papers/ID``
(one paper) and the JSON the papers pages embed all carry the same paper
records: arXiv id, author names, ``publishedAt``, title, summary, upvotes and,
where present, the organisation, code repository and project page.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from attrs import frozen

from paperbib.diagnostics import Diagnostics
from paperbib.errors import ParseError
from paperbib.models import Entry
from paperbib.readers._hf import entry_from_record, iter_records

__all__ = ["HfJsonReader"]


def _complete_items(text: str, error: json.JSONDecodeError, report: Diagnostics) -> list[Any]:
    """The complete items of a JSON list that is cut short or damaged after them."""
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    if not text.startswith("[", start):
        raise ParseError(
            f"not valid JSON: {error.msg} (column {error.colno})",
            source=report.source,
            line=error.lineno,
        ) from None
    items: list[Any] = []
    position = start + 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            break
        try:
            item, position = decoder.raw_decode(text, position)
        except (json.JSONDecodeError, RecursionError):
            line = text.count("\n", 0, position) + 1
            report.error(
                "truncated-input",
                f"JSON list damaged or cut short after {len(items)} complete item(s); "
                "the rest is lost",
                line=line,
                path=f"$[{len(items)}]",
            )
            break
        items.append(item)
    return items


@frozen(kw_only=True)
class HfJsonReader:
    """Read Hugging Face papers API JSON."""

    name: ClassVar[str] = "hf-json"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = "Hugging Face papers API JSON (/api/daily_papers, /api/papers/ID)"

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Whether *text* is JSON with Hugging Face paper records."""
        head = text[:20000]
        return (
            head.lstrip()[:1] in ("[", "{")
            and '"publishedAt"' in head
            and ('"paper"' in head or '"summary"' in head)
        )

    def read(self, text: str, report: Diagnostics) -> list[Entry]:
        """One entry per paper record, in document order."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            data = _complete_items(text, exc, report)
        except RecursionError:
            raise ParseError("JSON nested too deeply", source=report.source) from None
        entries: list[Entry] = []
        try:
            records = list(iter_records(data))
        except RecursionError:
            raise ParseError("JSON nested too deeply", source=report.source) from None
        for path, paper in records:
            entry = entry_from_record(paper, path=path, report=report)
            if entry is not None:
                entries.append(entry)
        return entries
