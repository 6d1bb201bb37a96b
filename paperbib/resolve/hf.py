"""The ``hf`` resolver: Hugging Face's papers API.

- ``GET {HF_ENDPOINT}/api/papers/search?q=TITLE``: candidates for a title. The
  answer is a list of objects holding an inner ``paper`` record (the shape of
  ``/api/daily_papers`` items) or a flat list of paper records; both are read.
- ``GET {HF_ENDPOINT}/api/papers/ID``: one paper by arXiv id.

``HF_ENDPOINT`` defaults to ``https://huggingface.co``, as huggingface_hub
reads it. Records give the arXiv id, the ordered author names, the date,
the abstract and the organisation.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Sequence
from typing import Any, ClassVar

from attrs import frozen

from paperbib.models import Entry
from paperbib.names import parse_name
from paperbib.readers._arxiv import arxiv_id
from paperbib.readers._hf import fold, iso_date, iter_records
from paperbib.resolve.http import Client
from paperbib.resolve.record import Record, ResolveError

__all__ = ["HfResolver", "endpoint"]


def endpoint() -> str:
    """The Hugging Face base URL: ``HF_ENDPOINT``, else ``https://huggingface.co``."""
    return (os.environ.get("HF_ENDPOINT") or "https://huggingface.co").rstrip("/")


def _json(body: bytes, what: str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ResolveError(f"{what}: not valid JSON ({exc})") from None


def record(paper: dict[str, Any]) -> Record | None:
    """The record for one Hugging Face paper object, or ``None`` without an arXiv id and title."""
    identifier = arxiv_id(str(paper.get("id") or ""))
    title = paper.get("title")
    if identifier is None or not isinstance(title, str) or not title.strip():
        return None
    listed = paper.get("authors")
    people = listed if isinstance(listed, list) else []
    names = [a.get("name") for a in people if isinstance(a, dict)]
    authors = [p for name in names if isinstance(name, str) and (p := parse_name(name))]
    summary = paper.get("summary")
    organization = paper.get("organization")
    org_name = None
    if isinstance(organization, dict):
        org_name = organization.get("fullname") or organization.get("name")
    return Record(
        source=HfResolver.name,
        id=identifier,
        title=fold(title),
        authors=authors,
        date=iso_date(paper.get("publishedAt")),
        arxiv_id=identifier,
        abstract=fold(summary) if isinstance(summary, str) and summary.strip() else None,
        organization=org_name if isinstance(org_name, str) else None,
    )


def records(data: Any) -> list[Record]:
    """The records in a search answer or a single-paper answer."""
    return [r for _, paper in iter_records(data) if (r := record(paper)) is not None]


@frozen(kw_only=True)
class HfResolver:
    """Find papers by title and names by arXiv id on Hugging Face."""

    name: ClassVar[str] = "hf"
    description: ClassVar[str] = "Hugging Face papers API (title search, papers by arXiv id)"
    batch: ClassVar[int] = 1

    def search(self, entry: Entry, client: Client) -> list[Record]:
        """Candidates for *entry*'s title."""
        url = f"{endpoint()}/api/papers/search"
        return records(_json(client.get(url, {"q": entry.title}), "Hugging Face search"))

    def fetch(self, ids: Sequence[str], client: Client) -> dict[str, Record]:
        """The records of *ids* (arXiv ids), those Hugging Face has."""
        found = {}
        for identifier in ids:
            url = f"{endpoint()}/api/papers/{urllib.parse.quote(identifier, safe='/')}"
            try:
                body = client.get(url)
            except ResolveError as exc:
                if "HTTP 404" in str(exc):
                    continue
                raise
            for item in records(_json(body, f"Hugging Face paper {identifier}")):
                if item.id == identifier:
                    found[identifier] = item
        return found
