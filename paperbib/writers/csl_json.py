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


def _one_date(value: Any) -> bool:
    """Whether *value* is ``{"date-parts": [[y, m, d]]}``, the shape paperbib writes."""
    if not isinstance(value, dict) or value.keys() != {"date-parts"}:
        return False
    parts = value["date-parts"]
    return len(parts) == 1 and bool(parts[0]) and all(type(p) is int for p in parts[0])


def _people(value: Any) -> bool:
    """Whether *value* is a non-empty list of non-empty name objects."""
    return isinstance(value, list) and bool(value) and all(isinstance(p, dict) and p for p in value)


def _item_text(item: dict[str, Any]) -> str:
    """One item as :func:`_format` lays it out inside the array, with its common shapes inlined."""
    members = []
    for key, value in item.items():
        if type(value) is str:
            text = _ascii_string(value) if value.isascii() else _string(value)
        elif key in ("issued", "accessed") and _one_date(value):
            text = (
                '{\n      "date-parts": [['
                + ", ".join(map(str, value["date-parts"][0]))
                + "]]\n    }"
            )
        elif key == "author" and _people(value):
            people = [
                "      {\n"
                + ",\n".join(
                    [
                        f"        {_string(k)}: {_string(v) if type(v) is str else _format(v)}"
                        for k, v in person.items()
                    ]
                )
                + "\n      }"
                for person in value
            ]
            text = "[\n" + ",\n".join(people) + "\n    ]"
        else:
            text = _format(value, "    ")
        members.append(f"    {_string(key)}: {text}")
    return "  {\n" + ",\n".join(members) + "\n  }"


def _date(date: PartialDate) -> dict[str, Any]:
    return {"date-parts": [list(date.parts())]}


def _name(person: Person) -> dict[str, str]:
    if person.literal:
        return {"literal": person.literal}
    name = {"family": person.family or ""}
    if person.given:
        name["given"] = person.given
    if person.particle:
        name["non-dropping-particle"] = person.particle
    if person.suffix:
        name["suffix"] = person.suffix
    return name


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
        return "[\n" + ",\n".join(_item_text(self.item(entry)) for entry in bib) + "\n]\n"

    def item(self, entry: Entry) -> dict[str, Any]:
        """The CSL item for one entry."""
        item: dict[str, Any] = {}
        custom: dict[str, Any] = {}
        for field, name, convert, requires, in_custom, constant in _PLAN[entry.kind]:
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
            # A CSL variable the CSL-JSON reader kept goes back in its place.
            variable = TEXT_VARIABLES.get(key[len(_OWN) :]) if key.startswith(_OWN) else None
            if variable is not None and variable not in item:
                item[variable] = extra
            else:
                custom[key] = extra
        if custom:
            item[CUSTOM] = custom
        return item


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


def _step(
    row: Row, kind: EntryKind
) -> tuple[str, str, Callable[[Entry, Any], Any] | None, str | None, bool, bool]:
    converter = row.converter
    if converter == "raw":
        convert = None
    elif converter.startswith("const:"):
        constant = converter[6:]
        convert = lambda entry, value: constant  # noqa: E731
    else:
        convert = _CONVERTERS[converter]
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
    kind: [_step(row, kind) for row in rows] for kind, rows in rows_by_kind(CSL_FIELDS).items()
}
