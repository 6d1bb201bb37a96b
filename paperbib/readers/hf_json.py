"""Reader for Hugging Face papers API responses (format ``hf-json``).

``GET /api/daily_papers`` (a list of ``{"paper": …}`` items), ``GET /api/papers/ID``
(one paper) and the JSON the papers pages embed all carry the same paper
records: arXiv id, author names, ``publishedAt``, title, summary, upvotes and,
where present, the organisation, code repository and project page.
"""

from __future__ import annotations

import json
from typing import ClassVar

from attrs import frozen

from paperbib.diagnostics import Diagnostics
from paperbib.errors import ParseError
from paperbib.models import Entry
from paperbib.readers._hf import entry_from_record, iter_records

__all__ = ["HfJsonReader"]


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
            raise ParseError(
                f"not valid JSON: {exc.msg} (column {exc.colno})",
                source=report.source,
                line=exc.lineno,
            ) from None
        except RecursionError:
            raise ParseError("JSON nested too deeply", source=report.source) from None
        entries = []
        for path, paper in iter_records(data):
            entry = entry_from_record(
                paper, path=path, reader=self.name, report=report, source="Hugging Face API"
            )
            if entry is not None:
                entries.append(entry)
        return entries
