"""Deciding whether an online record is the paper an entry describes: precision first.

A candidate is accepted only when every check that can be made passes:

- **title**: the normalised titles are equal (case, accents, punctuation, TeX
  and math are ignored), or nearly equal (similarity at least
  :data:`NEAR_TITLE`) *and* corroborated by an equal author count, an
  organisation or an abstract that agrees;
- **authors**: the record has exactly the number of authors the input says
  ("14 authors"), when the input says one;
- **date**: the dates are at most :data:`DATE_DAYS` days apart (for dates
  known to the day; otherwise the same month, or the same year);
- **abstract**: when both have one, their similarity is at least :data:`ABSTRACT`;
- **organisation**: when the input names an organisation and the record has
  one, one contains the other (after normalising).

A check the data does not allow (no count given, no abstract online) is
recorded as not made. Two candidates that both pass leave the entry
unresolved: a wrong paper is worse than none.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher

from attrs import frozen

from paperbib._startup import LazyPattern
from paperbib._tex import tex_to_unicode
from paperbib.models import Entry, PartialDate
from paperbib.resolve.record import Record

__all__ = ["ABSTRACT", "DATE_DAYS", "NEAR_TITLE", "Verdict", "judge", "normal_title", "pick"]

NEAR_TITLE = 0.95
"""Title similarity (difflib ratio of the normalised titles) that counts as nearly equal."""
DATE_DAYS = 7
"""How many days apart an entry's date and a record's may be (time zones, late listing)."""
ABSTRACT = 0.8
"""Abstract similarity below which a candidate is rejected when both have an abstract."""

_NOT_WORD = LazyPattern(r"[\W_]+")


def normal_title(text: str) -> str:
    """Lowercase ASCII words of *text*, TeX and math decoded: the form titles are compared in."""
    if "\\" in text or "$" in text or "{" in text:
        text = tex_to_unicode(text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _days(a: PartialDate, b: PartialDate) -> int | None:
    if a.day is None or b.day is None or a.month is None or b.month is None:
        return None
    return abs((datetime.date(a.year, a.month, a.day) - datetime.date(b.year, b.month, b.day)).days)


@frozen(kw_only=True)
class Verdict:
    """The checks of one candidate against one entry."""

    record: Record
    """The candidate."""
    checks: tuple[str, ...]
    """The checks made and passed, in words (``"title equal"``, ``"14 authors"``)."""
    failed: tuple[str, ...]
    """Why the candidate was rejected (empty when it passed)."""

    @property
    def passed(self) -> bool:
        """Whether every check made passed."""
        return not self.failed


def judge(entry: Entry, record: Record) -> Verdict:
    """Check *record* against *entry* (see the module's rules)."""
    checks: list[str] = []
    failed: list[str] = []
    corroborated = False
    count = entry.extra.get("hf.authorcount")
    if isinstance(count, int) and record.authors:
        if len(record.authors) == count:
            checks.append(f"{count} authors")
            corroborated = True
        else:
            failed.append(f"{len(record.authors)} authors, not {count}")
    organization = entry.extra.get("hf.organization")
    if isinstance(organization, str) and record.organization:
        mine, theirs = normal_title(organization), normal_title(record.organization)
        if mine and theirs and (mine in theirs or theirs in mine):
            checks.append("organisation")
            corroborated = True
        else:
            failed.append(f"organisation {record.organization!r}, not {organization!r}")
    if entry.abstract and record.abstract:
        similarity = _similar(normal_title(entry.abstract), normal_title(record.abstract))
        if similarity >= ABSTRACT:
            checks.append(f"abstract {similarity:.2f}")
            corroborated = True
        else:
            failed.append(f"abstract similarity {similarity:.2f} < {ABSTRACT}")
    title, theirs = normal_title(entry.title), normal_title(record.title)
    if title and title == theirs:
        checks.insert(0, "title equal")
    elif title and theirs and (similarity := _similar(title, theirs)) >= NEAR_TITLE:
        if corroborated:
            checks.insert(0, f"title {similarity:.2f}")
        else:
            failed.append(f"title only {similarity:.2f} alike, and nothing else corroborates it")
    else:
        failed.append("title differs")
    if entry.date is not None and record.date is not None:
        days = _days(entry.date, record.date)
        if days is not None:
            if days <= DATE_DAYS:
                checks.append(f"date {days}d")
            else:
                failed.append(f"dates {days} days apart")
        elif (entry.date.year, entry.date.month) == (record.date.year, record.date.month) or (
            entry.date.year == record.date.year and None in (entry.date.month, record.date.month)
        ):
            checks.append("date")
        else:
            failed.append(f"date {record.date}, not {entry.date}")
    return Verdict(record=record, checks=tuple(checks), failed=tuple(failed))


def pick(entry: Entry, candidates: Sequence[Record]) -> tuple[Verdict | None, list[Verdict]]:
    """The one candidate that passes (or ``None``) and every verdict, best first.

    Candidates with the same identifier count once. Two passing candidates
    are ambiguous: ``None`` is returned and the verdicts say which they were.
    """
    seen: dict[str, Verdict] = {}
    for record in candidates:
        seen.setdefault(record.id, judge(entry, record))
    verdicts = sorted(seen.values(), key=lambda v: (not v.passed, len(v.failed)))
    passing = [v for v in verdicts if v.passed]
    return (passing[0] if len(passing) == 1 else None), verdicts
