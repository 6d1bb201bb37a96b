"""arXiv identifiers, subjects and dates, shared by the readers of arXiv pages and texts."""

from __future__ import annotations

import re

from paperbib.models import PartialDate

__all__ = ["ARXIV_ID", "arxiv_id", "date_from_id", "subject_class"]

ARXIV_ID = re.compile(
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?P<version>v\d+)?"
)
"""An arXiv identifier, new (``2106.09608``) or old (``math-ph/0509001``) style, with a version."""

_SUBJECT_CLASS = re.compile(r"\(([a-z][a-z\-]*(?:\.[A-Za-z\-]+)?)\)\s*$")


def arxiv_id(text: str) -> str | None:
    """The identifier in *text* (``"arXiv:2106.09608v2"``, a URL) without its version."""
    match = ARXIV_ID.search(text)
    return match["id"] if match else None


def date_from_id(identifier: str) -> PartialDate | None:
    """Year and month of first submission, which every arXiv identifier encodes."""
    digits = identifier.rsplit("/", 1)[-1]
    if not digits[:4].isdigit():
        return None
    year, month = int(digits[:2]), int(digits[2:4])
    if not 1 <= month <= 12:
        return None
    year += 1900 if year >= 91 else 2000
    return PartialDate(year, month)


def subject_class(subject: str) -> str | None:
    """``"Machine Learning (cs.LG)"`` -> ``"cs.LG"``."""
    match = _SUBJECT_CLASS.search(subject.strip())
    return match.group(1) if match else None
