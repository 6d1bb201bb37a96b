"""CSL-JSON writer (format ``csl-json``), for pandoc, Zotero, Quarto and citeproc.

The output is an array of items valid against the official CSL-JSON schema
v1.0.2. Preprints are type ``article``, which is what the CSL specification
prescribes for arXiv and other preprint servers. TeX in titles and abstracts
becomes Unicode (``$\\mathcal{B}$`` -> ``ℬ``, ``Moraz\\'an`` -> ``Morazán``); the
words the BibTeX writer brace-protects are wrapped in
``<span class="nocase">`` so styles do not recase them. Data CSL has no
variable for (links, affiliations, extras such as ``hf.upvotes``) goes in
``custom``. The variables are the table :data:`paperbib.formats.csl.CSL_FIELDS`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, ClassVar

from attrs import frozen

from paperbib._tex import tex_to_unicode, to_csl_rich_text
from paperbib._text import is_printable
from paperbib.diagnostics import Diagnostics
from paperbib.formats import Row, rows_by_kind, source_label
from paperbib.formats.csl import CSL_FIELDS, CSL_TYPES, CUSTOM, NAMESPACE, TEXT_VARIABLES
from paperbib.models import Bibliography, Entry, EntryKind, PartialDate, Person

__all__ = ["CslJsonWriter"]


_WHITESPACE = re.compile(r"[ \t\r\f\v]+")
_OWN = NAMESPACE + "."
_string = json.encoder.encode_basestring  # C-accelerated; keeps non-ASCII as UTF-8
_ascii_string = json.encoder.encode_basestring_ascii  # the same for ASCII, and twice as fast


def _clean(text: str) -> str:
    # Newlines (paragraph breaks) are kept, and the substitution leaves them alone.
    if "  " in text or not is_printable(text):
        text = _WHITESPACE.sub(" ", text)
    return text.strip()


def _scalar(value: Any) -> str | None:
    """JSON for a string, number or list of numbers, or ``None`` for anything else."""
    if isinstance(value, str):
        return _string(value)
    if type(value) is int:  # not bool, which is an int too
        return str(value)
    if isinstance(value, list) and value and all(type(v) is int for v in value):
        return "[" + ", ".join(map(str, value)) + "]"
    return None


def _format(value: Any, indent: str = "") -> str:
    """JSON as ``json.dumps(indent=2)`` lays it out, but with arrays of numbers on one line.

    Written by hand because the standard encoder is pure Python (and slow) when indenting.
    """
    if (scalar := _scalar(value)) is not None:
        return scalar
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        members = []
        for key, item in value.items():
            text = _scalar(item)
            members.append(
                f"{inner}{_string(key)}: {text if text is not None else _format(item, inner)}"
            )
        return "{\n" + ",\n".join(members) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(isinstance(v, list) for v in value):
            return "[" + ", ".join(_format(v, indent) for v in value) + "]"
        return "[\n" + ",\n".join(inner + _format(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value)


_DEPTH = "    "
"""The indent of an item's members."""
_IN_CUSTOM = "\n  "
"""A line break inside a member of ``custom``, one level deeper than an item's member."""


def _member(value: Any) -> str:
    """JSON for the value of one of an item's members, as :func:`_format` lays it out there."""
    if type(value) is str:
        return _ascii_string(value) if value.isascii() else _string(value)
    return _format(value, _DEPTH)


def _item_text(item: dict[str, str], custom: dict[str, str]) -> str:
    """One item inside the array, from the JSON text of its members and of those of ``custom``."""
    if custom:
        # Texts are laid out for an item's members; those of custom sit one level deeper.
        members = [
            "      " + _string(k) + ": " + t.replace("\n", _IN_CUSTOM) for k, t in custom.items()
        ]
        item[CUSTOM] = "{\n" + ",\n".join(members) + "\n    }"
    return "  {\n" + ",\n".join([f"    {_string(k)}: {t}" for k, t in item.items()]) + "\n  }"


def _date(date: PartialDate) -> dict[str, Any]:
    return {"date-parts": [list(date.parts())]}


def _date_text(entry: Entry, date: PartialDate) -> str:
    """:func:`_member` of :func:`_date`."""
    return '{\n      "date-parts": [[' + ", ".join(map(str, date.parts())) + "]]\n    }"


_NAME_PARTS = (("given", "given"), ("particle", "non-dropping-particle"), ("suffix", "suffix"))
"""The parts of a name after the family name: :class:`Person` attribute, CSL key."""


def _name(person: Person) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    name = {"family": person.family or ""}
    for part, key in _NAME_PARTS:
        if value := getattr(person, part):
            name[key] = value
    return name


_PART_KEYS = tuple((part, f',\n        "{key}": ') for part, key in _NAME_PARTS)


def _name_text(person: Person) -> str:
    """:func:`_member` of :func:`_name` within a list, without the dictionary."""
    if person.literal:
        return '      {\n        "literal": ' + _string(person.literal) + "\n      }"
    text = '      {\n        "family": ' + _string(person.family or "")
    for part, key in _PART_KEYS:
        if value := getattr(person, part):
            text += key + _string(value)
    return text + "\n      }"


def _names_text(entry: Entry, people: tuple[Person, ...]) -> str:
    """:func:`_member` of the name objects of *people*."""
    return "[\n" + ",\n".join([_name_text(person) for person in people]) + "\n    ]"


@frozen(kw_only=True)
class CslJsonWriter:
    """Write a CSL-JSON array: UTF-8, two-space indent, stable key order."""

    name: ClassVar[str] = "csl-json"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = "CSL-JSON (.json) for pandoc, Zotero and citeproc processors"

    def write(self, bib: Bibliography, report: Diagnostics) -> str:
        """The JSON text, ending with a newline."""
        if not bib.entries:
            return "[]\n"
        items = [_item_text(*_members(entry, _TEXT_PLAN, _member)) for entry in bib]
        return "[\n" + ",\n".join(items) + "\n]\n"

    def item(self, entry: Entry) -> dict[str, Any]:
        """The CSL item for one entry."""
        item, custom = _members(entry, _PLAN, None)
        if custom:
            item[CUSTOM] = custom
        return item


def _members(
    entry: Entry, plan: dict[EntryKind, list[_Step]], layout: Callable[[Any], Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The members of the item for *entry*, and those of its ``custom``.

    With :data:`_PLAN` and no *layout* they are the values; with
    :data:`_TEXT_PLAN` and :func:`_member` (for the extras) their JSON text,
    which the writer joins without building the values first. The texts of
    the values the converters make are equal exactly when the values are, so
    a variable two rows fill is decided the same way.
    """
    item: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    for field, name, convert, requires, in_custom, constant in plan[entry.kind]:
        value = getattr(entry, field)
        if not value or (requires and not getattr(entry, requires)):
            continue
        if convert is not None:
            value = convert(entry, value)
            if not value:
                continue
        target = custom if in_custom else item
        if name not in target:
            target[name] = value
        elif target[name] != value and not constant:
            custom.setdefault(field.replace("_", "-"), value)
    for key, extra in entry.extra.items():
        if layout is not None:
            extra = layout(extra)
        # A CSL variable the CSL-JSON reader kept goes back in its place.
        variable = TEXT_VARIABLES.get(key[len(_OWN) :]) if key.startswith(_OWN) else None
        if variable is not None and variable not in item:
            item[variable] = extra
        else:
            custom[key] = extra
    return item, custom


_CONVERTERS: dict[str, Callable[[Entry, Any], Any]] = {
    "unicode": lambda e, v: tex_to_unicode(_clean(v)),
    "rich-title": lambda e, v: to_csl_rich_text(_clean(v)),
    "names": lambda e, v: [_name(p) for p in v],
    "date": lambda e, v: _date(v),
    "type": lambda e, v: CSL_TYPES[v],
    "label": lambda e, v: source_label(e),
    "arxiv-number": lambda e, v: f"arXiv:{v}",
    "comma-list": lambda e, v: ", ".join(v),
    "list": lambda e, v: list(v),
    "affiliations": lambda e, v: [f"{p}: {p.affiliation}" for p in v if p.affiliation] or None,
}


_Step = tuple[str, str, Callable[[Entry, Any], Any] | None, str | None, bool, bool]
"""A row of a plan: field, variable, converter, field it requires, in ``custom``, constant."""


def _text_converter(
    converter: str, convert: Callable[[Entry, Any], Any] | None
) -> Callable[[Entry, Any], str | None]:
    """What writes the JSON text of what *convert* makes of a value (``None``: it is empty)."""
    if converter == "names":
        return _names_text
    if converter == "date":
        return _date_text
    if convert is None:
        return lambda entry, value: _member(value)

    def text(entry: Entry, value: Any) -> str | None:
        value = convert(entry, value)
        return _member(value) if value else None

    return text


def _step(row: Row, kind: EntryKind, text: bool) -> _Step:
    converter = row.converter
    convert: Callable[[Entry, Any], Any] | None
    if converter == "raw":
        convert = None
    elif converter.startswith("const:"):
        constant = converter[6:]
        convert = lambda entry, value: constant  # noqa: E731
    else:
        convert = _CONVERTERS[converter]
    if text:
        convert = _text_converter(converter, convert)
    name = row.name_for(kind)
    in_custom = name.startswith(CUSTOM + ".")
    return (
        row.field,
        name.partition(".")[2] if in_custom else name,
        convert,
        row.requires,
        in_custom,
        row.is_constant,
    )


_PLAN = {
    kind: [_step(row, kind, False) for row in rows]
    for kind, rows in rows_by_kind(CSL_FIELDS).items()
}
"""For each kind of entry, the rows that make its item's values, in output order."""
_TEXT_PLAN = {
    kind: [_step(row, kind, True) for row in rows]
    for kind, rows in rows_by_kind(CSL_FIELDS).items()
}
"""The same, making the JSON text of each value instead."""
