"""What an online source says about one paper, in the hub model's terms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attrs import field, frozen

from paperbib.models import PartialDate, Person

__all__ = ["Record", "ResolveError"]


def _tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(values)


@frozen(kw_only=True)
class Record:
    """One paper as a source describes it; only source, id and title are required."""

    source: str
    """The resolver that found it (``"hf"``, ``"arxiv"``)."""
    id: str
    """The source's identifier for it (an arXiv id for both built-in sources)."""
    title: str
    """Title as the source writes it."""
    authors: tuple[Person, ...] = field(default=(), converter=_tuple)
    """Authors in order."""
    date: PartialDate | None = None
    """Date of the first version."""
    arxiv_id: str | None = None
    """arXiv identifier without version."""
    version: int | None = None
    """Latest arXiv version the source knows."""
    categories: tuple[str, ...] = field(default=(), converter=_tuple)
    """Subject categories, the primary first."""
    doi: str | None = None
    """DOI of the published version, where the source gives one."""
    journal_ref: str | None = None
    """Reference to the published version, where the source gives one."""
    abstract: str | None = None
    """Abstract."""
    organization: str | None = None
    """Organisation the source files the paper under."""


class ResolveError(Exception):
    """A source could not be asked or its answer not read; the entry stays unresolved."""
