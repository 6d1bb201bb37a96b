"""The ``arxiv`` resolver: arXiv's API (``GET {PAPERBIB_ARXIV_ENDPOINT}/api/query``).

- ``id_list=ID,ID,…``: records by arXiv id, up to :attr:`ArxivResolver.batch` per request;
- ``search_query=ti:"TITLE"``: candidates for a title.

``PAPERBIB_ARXIV_ENDPOINT`` defaults to ``https://export.arxiv.org``. arXiv
asks for one request at a time and 3 s between requests; the client keeps to
that for this host. The Atom answers give the arXiv id and version, ordered
names, the first version's date, categories (primary first), and the DOI and
journal reference where the authors gave them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from attrs import frozen

from paperbib.models import Entry
from paperbib.names import parse_name
from paperbib.readers._arxiv import ARXIV_ID
from paperbib.readers._hf import fold, iso_date
from paperbib.resolve.http import Client
from paperbib.resolve.match import normal_title
from paperbib.resolve.record import Record, ResolveError

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["INTERVAL", "ArxivResolver", "endpoint", "parse_feed"]

INTERVAL = 3.0
"""Seconds between two requests to arXiv's API, as arXiv asks."""

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"


def endpoint() -> str:
    """The arXiv API base URL: ``PAPERBIB_ARXIV_ENDPOINT``, else ``https://export.arxiv.org``."""
    return (os.environ.get("PAPERBIB_ARXIV_ENDPOINT") or "https://export.arxiv.org").rstrip("/")


def _text(element: _Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def parse_feed(body: bytes) -> list[Record]:
    """The records of an arXiv API Atom answer (error entries are left out)."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise ResolveError(f"arXiv answer: not valid XML ({exc})") from None
    if root.tag != f"{_ATOM}feed":
        raise ResolveError(f"arXiv answer: not an Atom feed (root <{etree.QName(root).localname}>)")
    found = []
    for entry in root.iter(f"{_ATOM}entry"):
        match = ARXIV_ID.search(_text(entry.find(f"{_ATOM}id")).rsplit("/abs/", 1)[-1])
        title = _text(entry.find(f"{_ATOM}title"))
        if match is None or not title or "/api/errors" in _text(entry.find(f"{_ATOM}id")):
            continue
        names = [_text(a.find(f"{_ATOM}name")) for a in entry.iter(f"{_ATOM}author")]
        primary = entry.find(f"{_ARXIV}primary_category")
        categories = [primary.get("term", "")] if primary is not None else []
        categories += [c.get("term", "") for c in entry.iter(f"{_ATOM}category")]
        summary = entry.find(f"{_ATOM}summary")
        version = match["version"]
        found.append(
            Record(
                source=ArxivResolver.name,
                id=match["id"],
                title=fold(title),
                authors=[p for name in names if (p := parse_name(name))],
                date=iso_date(_text(entry.find(f"{_ATOM}published"))),
                arxiv_id=match["id"],
                version=int(version[1:]) if version else None,
                categories=tuple(dict.fromkeys(c for c in categories if c)),
                doi=_text(entry.find(f"{_ARXIV}doi")) or None,
                journal_ref=_text(entry.find(f"{_ARXIV}journal_ref")) or None,
                abstract=fold(summary.text or "") or None if summary is not None else None,
            )
        )
    return found


_QUERY_UNSAFE = re.compile(r'["():]')


@frozen(kw_only=True)
class ArxivResolver:
    """Find papers on arXiv by title; by id, their categories, versions, DOIs, journal refs."""

    name: ClassVar[str] = "arxiv"
    description: ClassVar[str] = "arXiv API (id_list batches, title search)"
    batch: ClassVar[int] = 100

    def search(self, entry: Entry, client: Client) -> list[Record]:
        """Candidates for *entry*'s title (five at most)."""
        words = _QUERY_UNSAFE.sub(" ", normal_title(entry.title))
        params = {"search_query": f'ti:"{words}"', "start": "0", "max_results": "5"}
        return parse_feed(client.get(f"{endpoint()}/api/query", params))

    def fetch(self, ids: Sequence[str], client: Client) -> dict[str, Record]:
        """The records of *ids*, in batches of :attr:`batch`."""
        found: dict[str, Record] = {}
        for start in range(0, len(ids), self.batch):
            chunk = ids[start : start + self.batch]
            params = {"id_list": ",".join(chunk), "start": "0", "max_results": str(len(chunk))}
            for item in parse_feed(client.get(f"{endpoint()}/api/query", params)):
                found[item.id] = item
        return found
