"""Reader for arXiv's daily mailing, its listing text and ``.abs`` records (format ``arxiv``).

The three share one record layout (see ``docs/arxiv-text.md``)::

    \\\\
    arXiv:2411.03340
    Date: Sat, 2 Nov 2024 00:16:29 GMT   (1531kb,D)

    Title: Unlocking the Archives: Using Large Language Models to Transcribe
      Handwritten Historical Documents
    Authors: Mark Humphries, Lianne C. Leddy, ... and Elizabeth Spence
    Categories: cs.CV cs.CL cs.DL cs.LG
    Comments: 29 Pages, 11 Tables, 2 Figures
    \\\\
      This study demonstrates that ...
    \\\\ ( https://arxiv.org/abs/2411.03340 ,  1531kb)

Mailings separate records with dashed lines, start cross-lists with a
``%-%-%-…`` line and replacements (which have no abstract) with ``%%--%%--…``,
and end with ``%%%---…``; only whole separator lines count, so an abstract line
beginning with ``%`` stays text.
"""

from __future__ import annotations

import re
from typing import ClassVar

import attrs
from attrs import frozen

from paperbib._startup import LazyPattern
from paperbib._text import MONTHS, find_links
from paperbib.diagnostics import Diagnostics
from paperbib.models import Entry, EntryKind, Origin, PartialDate, Person, Source
from paperbib.names import SUFFIXES, is_organization, parse_name
from paperbib.readers._arxiv import ARXIV_ID, date_from_id

__all__ = ["ArxivTextReader"]

_DASHES = re.compile(r"-{20,}")
_CROSS = re.compile(r"(?:%-){10,}%?")
_REPLACED = re.compile(r"(?:%%--){5,}(?:%%?)?")
_END = re.compile(r"(?:%%%---){5,}.*")
_ID_LINE = re.compile(rf"(?:arXiv:|Paper:\s*)(?P<full>{ARXIV_ID.pattern})(?P<rest>.*)")
_FIELD = re.compile(r"(?P<name>[A-Z][A-Za-z-]*(?: \([^)]*\))?):\s*(?P<value>.*)")
_DAY = re.compile(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4}|\d{2})\b")
_END_OF_RECORD = re.compile(r"\\\\\s*\(\s*https?://\S+.*\)\s*$")
_SPLIT = re.compile(r",|\band\b|&")
_NUMBERED_AFFILIATIONS = re.compile(r"\((\d+)\)\s*([^()]+?)(?=\s*,?\s*\(\d+\)|$)")
_FOR_GROUP = re.compile(r"\s+(?:for|on behalf of)\s+(?:the\s+)?(?P<group>.+)$", re.IGNORECASE)
# The full stop that ends a list of affiliations, not one of an abbreviation ("U.N.A.M.").
_END_DOT = LazyPattern(r"(?<![.\s][A-Za-z])(?<!^[A-Za-z])\.$")
_ON_BEHALF = re.compile(r"(?:for|on behalf of)\s+(?:the\s+)?(?P<group>.+)", re.IGNORECASE)
# Footnote marks after a name: "Smith$^{1,2}$" and "Smith^{a}" (taken out before the
# line is split at its commas), then "Smith1" and "Smith*".
_TEX_FOOTNOTE = re.compile(r"\$\^\{?[\w,*\s]+\}?\$|\^\{[\w,*\s]+\}")
_FOOTNOTE = re.compile(r"(?<=[^\W\d_])\d+[*†‡]*(?=\s*$)|\s*[*†‡]+(?=\s*$)|\^\d+(?=\s*$)")


def _day(text: str) -> PartialDate | None:
    """``"Sat, 2 Nov 2024 00:16:29 GMT"`` or ``"Tue  5 Nov 24"`` -> the day."""
    match = _DAY.search(text)
    if match is None:
        return None
    day, month_name, year = match.groups()
    month = MONTHS.get(month_name.lower())
    if month is None:
        return None
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return PartialDate(full_year, month, int(day))
    except ValueError:
        return None


def split_authors(text: str) -> list[Person]:
    """arXiv's author line as people: commas and "and" separate names; a parenthesis
    after a name is its affiliation ("A (MIT), B and C"), and numbered affiliations
    ("A (1), B (2) ((1) MIT, (2) CMU)") are resolved. As arXiv reads the line, an
    affiliation also holds for the names before it that have none ("A, B (MIT)").

    A collaboration before a colon is an author of its own ("CLEO Collaboration:
    T. K. Pedlar, …"), and so is one a person writes for ("A (for the STAR
    Collaboration)"); "et al" and footnote marks (``Smith$^1$``, ``Smith1``) are
    no part of any name, and a suffix after a comma stays with its name ("Robert W.
    Heath, Jr.").
    """
    text = _TEX_FOOTNOTE.sub("", text)
    names: list[tuple[str, list[str]]] = []
    current: list[str] = []
    notes: list[str] = []
    depth = 0
    group: list[str] = []
    trailing: dict[str, str] = {}
    position = 0
    while position < len(text):
        ch = text[position]
        if ch == "(":
            if depth > 0:
                group.append(ch)
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                inner = "".join(group).strip()
                group = []
                numbered = dict(_NUMBERED_AFFILIATIONS.findall(inner))
                if numbered and inner.startswith("("):
                    trailing.update(
                        {k: _END_DOT.sub("", v.strip().rstrip(", ")) for k, v in numbered.items()}
                    )
                else:
                    notes.append(inner)
            else:
                group.append(ch)
        elif depth > 0:
            group.append(ch)
        else:
            match = _SPLIT.match(text, position)
            if match and (ch != "a" or position == 0 or not text[position - 1].isalnum()):
                names.append(("".join(current), notes))
                current, notes = [], []
                position = match.end()
                continue
            current.append(ch)
        position += 1
    names.append(("".join(current), notes))
    people: list[Person] = []
    has_own: list[bool] = []
    for name, found in _joined(names):
        for part, is_last in _parts(name):
            person = _person(part)
            if person is None:
                continue
            if person.literal:
                people.append(person)
                has_own.append(True)  # an organisation neither takes nor passes on affiliations
                continue
            affiliations, groups = _affiliations(found if is_last else [], trailing)
            if affiliations:
                person = attrs.evolve(person, affiliation="; ".join(affiliations))
            people.append(person)
            has_own.append(bool(affiliations))
            for organization in groups:
                people.append(organization)
                has_own.append(True)
    return _back_propagate(people, has_own)


def _joined(names: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """The split names with a lone suffix ("Jr.") joined to the name before it."""
    joined: list[tuple[str, list[str]]] = []
    for name, found in names:
        if joined and name.strip().lower() in SUFFIXES:
            before, notes = joined[-1]
            joined[-1] = (f"{before.strip()}, {name.strip()}", notes + found)
        else:
            joined.append((name, found))
    return joined


def _parts(name: str) -> list[tuple[str, bool]]:
    """*name*, or the organisation and the name when a colon follows an organisation
    ("CLEO Collaboration: T. K. Pedlar"); each with whether it is the last part."""
    head, colon, rest = name.partition(":")
    if colon and is_organization(head) and rest.strip():
        return [(head, False), (rest, True)]
    match = _FOR_GROUP.search(name) if (" for " in name or " behalf " in name) else None
    if match and is_organization(match["group"]) and not is_organization(name[: match.start()]):
        return [(name[: match.start()], True), (match["group"], False)]
    return [(name, True)]


def _person(text: str) -> Person | None:
    """The person or organisation *text* names, without footnote marks."""
    end = text.rstrip()[-1:]
    if (end.isdigit() or end in "*†‡") and not is_organization(text):
        text = _FOOTNOTE.sub("", text)
        if not any(ch.isalpha() for ch in text):
            return None  # the rest of a footnote mark: "Smith1,2"
    return parse_name(text)


def _affiliations(notes: list[str], trailing: dict[str, str]) -> tuple[list[str], list[Person]]:
    """What the parentheses after a name say: affiliations, and organisations the
    person writes for ("for the STAR Collaboration")."""
    affiliations: list[str] = []
    groups: list[Person] = []
    for note in notes:
        numbers = [n.strip() for n in re.split(r",|&|\band\b", note)]
        if all(n.isdigit() for n in numbers):
            affiliations.extend(trailing[n] for n in numbers if n in trailing)
        elif (match := _ON_BEHALF.fullmatch(note)) and is_organization(match["group"]):
            if (organization := parse_name(match["group"])) is not None:
                groups.append(organization)
        else:
            affiliations.append(note)
    return affiliations, groups


def _back_propagate(people: list[Person], has_own: list[bool]) -> list[Person]:
    """Give each person without an affiliation the affiliation of the next person
    who has one, up to the next organisation ("A, B (MIT)": both at MIT)."""
    result = list(people)
    following: str | None = None
    for index in range(len(result) - 1, -1, -1):
        person = result[index]
        if person.literal:
            following = None
        elif has_own[index]:
            following = person.affiliation
        elif following:
            result[index] = attrs.evolve(person, affiliation=following)
    return result


class _Record:
    """A record as it is read; a plain class, as attrs would cost every run its import."""

    def __init__(self, line: int, arxiv_id: str, listing: str) -> None:
        self.line = line
        self.arxiv_id = arxiv_id
        self.listing = listing
        self.head: list[str] = []
        self.fields: dict[str, str] = {}
        self.field_order: list[str] = []
        self.abstract: list[str] = []
        self.state = "head"
        self.complete = False


@frozen(kw_only=True)
class ArxivTextReader:
    """Read arXiv's daily mailing, listing text or ``.abs`` metadata records."""

    name: ClassVar[str] = "arxiv"
    suffixes: ClassVar[tuple[str, ...]] = (".eml", ".abs")
    description: ClassVar[str] = "arXiv daily mailing, listing text, .abs records"

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Whether *text* has arXiv records (a ``\\\\`` line, then an ``arXiv:`` id line)."""
        return re.search(r"^\\\\[ \t]*\n(?:arXiv:|Paper:)", text[:200000], re.MULTILINE) is not None

    def read(self, text: str, report: Diagnostics) -> list[Entry]:
        """One entry per record, in mailing order (a paper listed twice is merged later)."""
        text = _payload(text)
        records = self._records(text, report)
        accessed = _mail_date(text)
        entries: list[Entry] = []
        for record in records:
            origin = report.origin(line=record.line)
            with report.about(origin):
                if not record.complete:
                    report.warning(
                        "truncated-entry",
                        f"arXiv:{record.arxiv_id}: record is cut short (no closing line); "
                        "kept as read",
                        line=record.line,
                    )
                entry = self._entry(record, report, accessed, origin)
            if entry is not None:
                entries.append(entry)
        return entries

    def _records(self, text: str, report: Diagnostics) -> list[_Record]:
        records: list[_Record] = []
        section = "new"
        record: _Record | None = None
        lines = text.split("\n")
        for index, raw in enumerate(lines):
            number = index + 1
            line = raw.rstrip()
            stripped = line.strip()
            if (
                _END.fullmatch(stripped)
                or _CROSS.fullmatch(stripped)
                or _REPLACED.fullmatch(stripped)
            ):
                section = (
                    "end" if _END.fullmatch(stripped)
                    else "cross-list" if _CROSS.fullmatch(stripped) else "replacement"
                )  # fmt: skip
                record = None
                continue
            if _DASHES.fullmatch(stripped):
                record = None
                continue
            if stripped == "\\\\" and (record is None or record.state in ("done",)):
                following = lines[index + 1].strip() if index + 1 < len(lines) else ""
                match = _ID_LINE.fullmatch(following)
                if match:
                    listing = "cross-list" if "cross-list" in match["rest"] else section
                    record = _Record(number + 1, match["id"], listing)
                    records.append(record)
                    record.state = "id"
                continue
            if record is None:
                continue
            self._feed(record, line, stripped)
        return records

    @staticmethod
    def _feed(record: _Record, line: str, stripped: str) -> None:
        if record.state == "id":
            record.state = "head"
            return
        if record.state == "head":
            if not stripped:
                record.state = "fields"
            else:
                record.head.append(stripped)
            return
        if record.state == "fields":
            if stripped == "\\\\":
                record.state = "abstract"
            elif _END_OF_RECORD.match(stripped):
                record.state, record.complete = "done", True
            elif line[:1].isspace() and record.field_order:
                last = record.field_order[-1]
                record.fields[last] += " " + stripped
            elif (match := _FIELD.fullmatch(stripped)) is not None:
                name = match["name"]
                record.fields[name] = match["value"].strip()
                record.field_order.append(name)
            return
        if record.state == "abstract":
            if _END_OF_RECORD.match(stripped) or stripped == "\\\\":
                record.state, record.complete = "done", True
            else:
                record.abstract.append(line)

    def _entry(
        self, record: _Record, report: Diagnostics, accessed: PartialDate | None, origin: Origin
    ) -> Entry | None:
        fields = record.fields
        title = " ".join(fields.get("Title", "").split())
        if not title:
            report.drop(
                "missing-title",
                f"arXiv:{record.arxiv_id}: record without a title skipped",
                line=record.line,
                origin=origin,
            )
            return None
        date = revised = None
        for head in record.head:
            if head.startswith("Date:"):
                date = _day(head)
            elif head.startswith(("replaced with revised version", "Date (revised")):
                revised = _day(head)
            else:
                continue
            if _day(head) is None:
                report.warning(
                    "bad-date",
                    f"arXiv:{record.arxiv_id}: no real date in {head!r}; not used",
                    line=record.line,
                )
        date = date or date_from_id(record.arxiv_id)
        categories = fields.get("Categories", "").split()
        for name, prefix in (("ACM-class", "ACM"), ("MSC-class", "MSC")):
            categories += [
                f"{prefix} {code.strip()}"
                for code in re.split(r"[;,]", fields.get(name, ""))
                if code.strip()
            ]
        abstract = _fold(record.abstract)
        doi = fields.get("DOI", "").split()
        return Entry(
            kind=EntryKind.PREPRINT,
            title=title,
            authors=split_authors(fields.get("Authors", "")),
            date=date,
            abstract=abstract or None,
            arxiv_id=record.arxiv_id,
            doi=doi[0] if doi else None,
            categories=tuple(dict.fromkeys(categories)),
            journal_ref=" ".join(fields.get("Journal-ref", "").split()) or None,
            report_number=fields.get("Report-no") or None,
            links=find_links(abstract) if abstract else (),
            accessed=accessed,
            source=Source.ARXIV,
            extra=_extra(fields, revised, record.listing),
            origin=origin,
        )


def _extra(
    fields: dict[str, str], revised: PartialDate | None, listing: str | None
) -> dict[str, str | int]:
    """What a record says beyond the bibliographic fields, in the mailing's words."""
    extra: dict[str, str | int] = {}
    if comments := " ".join(fields.get("Comments", "").split()):
        extra["arxiv.comments"] = comments
    if revised is not None:
        extra["arxiv.revised"] = revised.isoformat()
    if listing:
        extra["arxiv.listing"] = listing
    return extra


def _fold(lines: list[str]) -> str:
    """The abstract: a line indented by two spaces starts a paragraph."""
    paragraphs: list[list[str]] = []
    for line in lines:
        if not line.strip():
            if paragraphs and paragraphs[-1]:
                paragraphs.append([])
            continue
        if not paragraphs or (line.startswith("  ") and paragraphs[-1]):
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _payload(text: str) -> str:
    """The body of an e-mail whose transfer encoding (quoted-printable, base64) hides it."""
    head = text[:4000].lower()
    if "content-transfer-encoding:" not in head or not re.search(r"quoted-printable|base64", head):
        return text
    import email
    import email.policy

    message = email.message_from_string(text, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
    if part is None:
        return text
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        return text
    return str(content).replace("\r\n", "\n")


def _mail_date(text: str) -> PartialDate | None:
    """The ``Date:`` header of a mailing or listing file, before its first record."""
    for line in text[:5000].split("\n"):
        if line.startswith("\\\\"):
            return None
        if line.startswith("Date:"):
            return _day(line)
    return None
