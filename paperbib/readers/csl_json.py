"""Reader for CSL-JSON (format ``csl-json``): what pandoc, Zotero and citeproc processors use.

Each item is read through the CSL-JSON writer's table
(:data:`paperbib.formats.csl.CSL_FIELDS`) the other way: ``id`` (or
``citation-key``) is the key, ``type`` the kind, and every variable a row
writes goes back to its model field, ``custom`` included (``custom.links``,
``custom["hf.upvotes"]``, the model fields the writer moved there). A title's
``<span class="nocase">`` is kept as protected text; other rich-text markup
(``<i>``, ``<b>``, ``<sup>``) is read as its text and reported.

A text variable no row reads (``language``, ``ISSN``, ``title-short``) is kept
as the extra ``csl.NAME``, which the CSL-JSON writer writes back in place.
What the model cannot hold is reported: a name or date variable no row reads
is kept as text in ``custom``, a date range keeps its start.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, ClassVar

import attrs
from attrs import frozen

from paperbib.diagnostics import Diagnostics, Origin
from paperbib.errors import ParseError
from paperbib.formats import Row, rows_by_name
from paperbib.formats.csl import (
    CSL_FIELDS,
    CSL_TYPES,
    CUSTOM,
    DATE_VARIABLES,
    NAME_VARIABLES,
    NAMESPACE,
    TEXT_VARIABLES,
)
from paperbib.keys import usable_key
from paperbib.models import SITE_EXTRA, Entry, EntryKind, PartialDate, Person, Source

__all__ = ["CslJsonReader", "read_ids"]

_START = re.compile(r"\s*(?:\[\s*\{|\{)")
_TAG = re.compile(r"<(/?)(i|b|sup|sub|sc|span)\b([^>]*)>")
_UNMARKABLE = re.compile(r"[{}\\$]")
_NOCASE_ATTRIBUTE = re.compile(r"""class\s*=\s*["']nocase["']""")
_EXTRA_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_ISO = re.compile(r"\s*(-?[0-9]{1,4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?\s*")
_ARXIV_NUMBER = re.compile(r"arXiv:(\S+)")
_LABELS = {source.label: source for source in Source}

_READ = rows_by_name((CSL_FIELDS,))
_TYPES = {name: kind for kind, name in CSL_TYPES.items()}
# Model fields that hold one text, which the writer moves to custom when their place is taken.
_FIELDS = frozenset(
    field.name for field in attrs.fields(Entry) if str(field.type) in ("str | None", "str")
) - {"key"}


def _custom_name(name: str) -> str:
    return name.partition(".")[2] if name.startswith(CUSTOM + ".") else name


# Rows that write into ``custom`` (``custom.links``), by the member's name.
_CUSTOM_ROWS = {
    _custom_name(row.name_for(EntryKind.MISC)): row
    for row in CSL_FIELDS
    if row.name_for(EntryKind.MISC).startswith(CUSTOM + ".")
}


@frozen(kw_only=True)
class CslJsonReader:
    """Read a CSL-JSON array of items."""

    name: ClassVar[str] = "csl-json"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = "CSL-JSON (.json) from pandoc, Zotero, citeproc processors"

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Whether *text* is a JSON array of objects (or one object) with ``id`` and ``type``."""
        head = text[:20000]
        return (
            _START.match(head) is not None
            and '"type"' in head
            and '"id"' in head
            and '"publishedAt"' not in head  # Hugging Face papers JSON
        )

    def read(self, text: str, report: Diagnostics) -> list[Entry]:
        """One entry per item, in document order."""
        entries = []
        for index, line, item in _items(text, report):
            path = f"$[{index}]"
            if not isinstance(item, dict):
                report.drop("not-an-item", f"{path} is not a CSL item (an object)", line=line)
                continue
            origin = report.origin(line=line, path=path)
            with report.about(origin):
                entries.append(_entry(item, origin, report, line))
        return entries


def read_ids(text: str, report: Diagnostics) -> list[Entry]:
    """The entries of a CSL-JSON array with what identifies their papers.

    For the keys an existing output gives its papers
    (:func:`paperbib.pipeline.existing_keys`), on every rebuild: each item's
    ``id``, ``type``, ``title``, ``issued``, ``DOI``, ``URL`` and ``number``
    (``arXiv:ID``), read by :class:`CslJsonReader`'s rules; names, abstracts
    and the rest, which no key depends on, are not read.
    """
    entries = []
    for index, line, item in _items(text, report):
        if isinstance(item, dict):
            subset = {name: item[name] for name in _ID_VARIABLES if name in item}
            entries.append(
                _entry(subset, report.origin(line=line, path=f"$[{index}]"), report, line)
            )
    return entries


_ID_VARIABLES = ("id", "citation-key", "type", "title", "issued", "DOI", "URL", "number")


def _items(text: str, report: Diagnostics) -> Iterator[tuple[int, int, Any]]:
    """``(index, line, item)`` for each item of the array (or the one item)."""
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    if text.startswith("{", start):
        try:
            item, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError as exc:
            raise ParseError(
                f"not valid JSON: {exc.msg}", source=report.source, line=exc.lineno
            ) from None
        yield 0, text.count("\n", 0, start) + 1, item
        rest = len(text) - len(text[end:].lstrip())
        if rest < len(text):
            report.error(
                "truncated-input",
                "text after the first item is not read (CSL-JSON is one array of items, or "
                "one item; JSON Lines are not)",
                line=text.count("\n", 0, rest) + 1,
            )
        return
    if not text.startswith("[", start):
        raise ParseError("not CSL-JSON: not a JSON array", source=report.source)
    position = start + 1
    index = 0
    line = text.count("\n", 0, position) + 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            if text[position] == "\n":
                line += 1
            position += 1
        if position >= len(text) or text[position] == "]":
            return
        try:
            item, end = decoder.raw_decode(text, position)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            report.error(
                "truncated-input",
                f"JSON damaged after {index} complete item(s) ({reason}); the rest is lost",
                line=line,
                path=f"$[{index}]",
            )
            return
        yield index, line, item
        line += text.count("\n", position, end)
        position = end
        index += 1


class _Item:
    """What reading one item collects: model values, extras, and what it could not keep."""

    __slots__ = ("extra", "line", "markup", "moved", "report", "values")

    def __init__(self, report: Diagnostics, line: int) -> None:
        self.report = report
        self.line = line
        self.values: dict[str, Any] = {}
        self.extra: dict[str, str | int] = {}
        self.moved: list[str] = []
        self.markup: dict[str, None] = {}

    def keep(self, name: str, value: Any) -> None:
        """Keep a variable no row reads as the extra ``csl.NAME``."""
        key = name.lower()
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            if _EXTRA_NAME.fullmatch(key):
                self.extra[f"{NAMESPACE}.{key}"] = value
                if key not in TEXT_VARIABLES:
                    self.moved.append(name)
                return
        elif _EXTRA_NAME.fullmatch(key) and name in NAME_VARIABLES and isinstance(value, list):
            self.extra[f"{NAMESPACE}.{key}"] = "; ".join(str(p) for p in _people(value, self, name))
            self.moved.append(name)
            return
        elif _EXTRA_NAME.fullmatch(key) and name in DATE_VARIABLES and isinstance(value, dict):
            text = _date_text(value)
            if text:
                self.extra[f"{NAMESPACE}.{key}"] = text
                self.moved.append(name)
                return
        self.report.error(
            "field-dropped",
            f"{name}: {json.dumps(value)[:60]} has no place in the model; dropped",
            line=self.line,
        )


def _entry(item: dict[str, Any], origin: Origin, report: Diagnostics, line: int) -> Entry:
    state = _Item(report, line)
    key = _key(item, report, line)
    kind = _kind(item, state)
    read = _READ[kind]
    number = item.get("number")
    if isinstance(number, str) and (match := _ARXIV_NUMBER.fullmatch(number.strip())):
        state.values["arxiv_id"] = match.group(1)
    for name, value in item.items():
        if name in ("id", "citation-key", "type") or value in (None, "", [], {}):
            continue
        if name == CUSTOM:
            _custom(value, state)
            continue
        if (
            name == "number"
            and "arxiv_id" in state.values
            and value == f"arXiv:{state.values['arxiv_id']}"
        ):
            continue
        if not _read_with_rows(name, value, read.get(name, []), state):
            state.keep(name, value)
    if state.moved:
        report.warning(
            "moved-to-custom",
            f"no place in the model, kept in custom: {', '.join(state.moved)}",
            line=line,
        )
    if state.markup:
        report.note("markup", f"rich text read as plain text: {' '.join(state.markup)}", line=line)
    _affiliations(state)
    return Entry(key=key, kind=kind, extra=state.extra, origin=origin, **state.values)


def _key(item: dict[str, Any], report: Diagnostics, line: int) -> str:
    for name in ("citation-key", "id"):
        value = item.get(name)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            key = str(value).strip()
            if usable_key(key):
                return key
            report.note(
                "bad-key",
                f"{name} {key!r} cannot be a citation key in every format; a new key is made",
                line=line,
            )
            return ""
    report.warning("no-id", "item without an id; a key is made", line=line)
    return ""


def _kind(item: dict[str, Any], state: _Item) -> EntryKind:
    name = item.get("type")
    if isinstance(name, str) and name in _TYPES:
        return _TYPES[name]
    if isinstance(name, str) and name:
        state.extra[f"{NAMESPACE}.type"] = name
        state.report.warning(
            "type-changed",
            f"type {name!r} has no kind in the model; read as misc (written as "
            f"{CSL_TYPES[EntryKind.MISC]!r}, the type kept in custom)",
            line=state.line,
        )
    else:
        state.report.warning("no-type", "item without a type; read as misc", line=state.line)
    return EntryKind.MISC


def _read_with_rows(name: str, value: Any, rows: list[Row], state: _Item) -> bool:
    """Read *value* through the first of *rows* that takes it; whether one did."""
    values = state.values
    for row in rows:
        converter = row.converter
        if row.is_constant:
            if value == converter[6:] and values.get(row.field):
                return True
            continue
        if row.field in values:
            continue
        result = _convert(converter, name, value, state)
        if result is None:
            continue
        values[row.field] = result
        return True
    return False


def _convert(converter: str, name: str, value: Any, state: _Item) -> Any:
    """The model value for *value* read by *converter*, or ``None`` if it cannot take it."""
    if converter in ("raw", "unicode", "rich-title", "comma-list", "arxiv-number"):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return None
        text = str(value)
        if converter == "rich-title":
            return _rich_text(text, state, title=True)
        text = _rich_text(text, state) if "<" in text else text
        if converter == "comma-list":
            return tuple(part.strip() for part in text.split(",") if part.strip())
        if converter == "arxiv-number":
            match = _ARXIV_NUMBER.fullmatch(text.strip())
            return match.group(1) if match else None
        return text.strip() or None
    if converter == "names":
        return _people(value, state, name) if isinstance(value, list) else None
    if converter == "date":
        return _date(value, state, name) if isinstance(value, dict) else None
    if converter == "label":
        if not isinstance(value, str):
            return None
        if value not in _LABELS:
            state.extra[SITE_EXTRA] = value  # a site's or database's name (Zotero: PubMed)
            return Source.WEB
        return _LABELS[value]
    if converter == "list":
        return tuple(str(v) for v in value) if isinstance(value, list) else None
    return None


def _custom(custom: Any, state: _Item) -> None:
    """``custom``: the writer's own members back to their fields, the rest as extras."""
    if not isinstance(custom, dict):
        state.keep(CUSTOM, custom)
        return
    for name, value in custom.items():
        if name in _CUSTOM_ROWS:
            row = _CUSTOM_ROWS[name]
            if row.converter == "affiliations" and isinstance(value, list):
                state.values.setdefault("_affiliations", [str(v) for v in value])
                continue
            if _read_with_rows(name, value, [row], state):
                continue
        field = name.replace("-", "_")
        if field in _FIELDS and field not in state.values and isinstance(value, (str, int)):
            state.values[field] = str(value)
            continue
        if "." in name and isinstance(value, (str, int)) and not isinstance(value, bool):
            namespace, _, rest = name.partition(".")
            if namespace.isalnum() and namespace.islower() and _EXTRA_NAME.fullmatch(rest):
                state.extra[name] = value
                continue
        state.keep(f"custom-{name}" if "." not in name else name.replace(".", "-"), value)


def _rich_text(text: str, state: _Item, *, title: bool = False) -> str:
    """CSL rich text as model text: nocase spans kept as protected (titles), other tags dropped."""
    if "<" not in text:
        return text.strip()
    from paperbib._tex.segments import needs_protection
    from paperbib._tex.vocab import NOCASE

    out: list[str] = []
    stack: list[bool] = []  # for each open span: whether it is a nocase span
    protected: list[str] | None = None
    position = 0
    for match in _TAG.finditer(text):
        piece = text[position : match.start()]
        (protected if protected is not None else out).append(piece)
        position = match.end()
        closing, tag, attributes = match.groups()
        nocase = tag == "span" and _NOCASE_ATTRIBUTE.search(attributes) is not None
        if not closing:
            if tag == "span":
                stack.append(nocase)
            if nocase and protected is None:
                protected = []
            elif not nocase:
                state.markup[f"<{tag}>"] = None
            continue
        if tag == "span" and stack and stack.pop() and protected is not None and True not in stack:
            content = "".join(protected)
            protected = None
            core = content.strip()
            # A whole word the writers protect anyway needs no mark; touching text, it does.
            before = "".join(out)[-1:]
            after = text[position : position + 1]
            alone = not (before.isalnum() or after.isalnum() or after == "<")
            plain = not title or not core or (alone and core.isalnum() and needs_protection(core))
            if plain or _UNMARKABLE.search(core):
                out.append(content)
            else:
                out.append(f"\\{NOCASE}{{{core}}}")
    (protected if protected is not None else out).append(text[position:])
    if protected is not None:
        out.extend(protected)
    return "".join(out).strip()


def _people(value: list[Any], state: _Item, name: str) -> tuple[Person, ...]:
    people = []
    for item in value:
        if not isinstance(item, dict):
            state.report.warning(
                "empty-name",
                f"{name}: {json.dumps(item)[:60]} is not a name (an object); left out",
                line=state.line,
            )
            continue
        parts = {k: v.strip() for k, v in item.items() if isinstance(v, str) and v.strip()}
        particle = parts.get("non-dropping-particle")
        if "dropping-particle" in parts:
            dropping = parts["dropping-particle"]
            particle = f"{dropping} {particle}" if particle else dropping
            state.report.note(
                "name-parts",
                f"{name}: dropping-particle {dropping!r} kept as the name's particle "
                "(written as non-dropping-particle)",
                line=state.line,
            )
        family, given, suffix = parts.get("family"), parts.get("given"), parts.get("suffix")
        if "literal" in parts:
            if family or given:
                state.report.note(
                    "name-parts",
                    f"{name}: {parts['literal']!r} has a literal name and parts; "
                    "the literal is kept",
                    line=state.line,
                )
            people.append(Person(literal=parts["literal"]))
        elif family:
            people.append(Person(family=family, given=given, particle=particle, suffix=suffix))
        elif given:
            people.append(Person(literal=" ".join(p for p in (given, particle) if p)))
        else:
            state.report.warning(
                "empty-name",
                f"{name}: {json.dumps(item)[:60]} has no family, given or literal name; left out",
                line=state.line,
            )
    return tuple(people)


def _date(value: dict[str, Any], state: _Item, name: str) -> PartialDate | None:
    """The date (a range's start), reporting what the model cannot hold."""
    parts = value.get("date-parts")
    date = None
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        date = _from_parts(parts[0], state, name)
        if len(parts) > 1 and parts[1] != parts[0]:
            state.extra[f"{NAMESPACE}.{name}"] = _date_text(value)
            state.report.warning(
                "date-range", f"{name}: a range; the model keeps its start", line=state.line
            )
    elif isinstance(value.get("raw"), str):
        match = _ISO.fullmatch(value["raw"])
        date = _from_parts(list(match.groups()), state, name) if match else None
    if date is None:
        text = _date_text(value)
        if text:
            state.extra[f"{NAMESPACE}.{name}"] = text
            state.report.warning(
                "not-a-date", f"{name}: {text!r} is not a date; kept as text", line=state.line
            )
        return None
    for detail in ("season", "circa"):
        if value.get(detail) not in (None, "", False):
            state.extra[f"{NAMESPACE}.{name}-{detail}"] = str(value[detail])
    return date


def _from_parts(parts: list[Any], state: _Item, name: str) -> PartialDate | None:
    """The date of *parts*; its year and month, or year, when its month or day is not real."""
    numbers = []
    for part in parts[:3]:
        if part is None or part == "":
            break
        try:
            numbers.append(int(part))
        except (TypeError, ValueError, OverflowError):  # OverflowError: JSON's Infinity
            return None
    if not numbers:
        return None
    given = list(numbers)
    while numbers:
        try:
            date = PartialDate(*numbers)
        except (TypeError, ValueError):
            numbers.pop()
            continue
        if numbers != given:
            state.report.warning(
                "bad-date",
                f"{name}: {'-'.join(str(n) for n in given)} is not a real date; read as {date}, "
                "the rest left out",
                line=state.line,
            )
        return date
    return None


def _date_text(value: dict[str, Any]) -> str:
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts:
        texts = [
            "-".join(
                f"{p:0>2}" if i and isinstance(p, (int, str)) else str(p) for i, p in enumerate(d)
            )
            for d in parts
            if isinstance(d, list)
        ]
        return "/".join(texts)
    for key in ("raw", "literal"):
        if isinstance(value.get(key), str):
            return str(value[key])
    return ""


def _affiliations(state: _Item) -> None:
    found = state.values.pop("_affiliations", None)
    authors = state.values.get("authors")
    if not found:
        return
    by_name = {}
    for text in found:
        person, _, affiliation = text.partition(": ")
        by_name[person] = affiliation
    if not authors or not set(by_name) <= {str(p) for p in authors}:
        state.extra[f"{NAMESPACE}.custom-affiliations"] = "; ".join(found)
        return
    state.values["authors"] = tuple(
        attrs.evolve(p, affiliation=by_name.get(str(p))) for p in authors
    )
