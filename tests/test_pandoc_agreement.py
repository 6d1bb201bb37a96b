"""BibTeX -> CSL-JSON, side by side with ``pandoc -f bibtex -t csljson``.

For each real ``.bib`` file, paperbib's CSL-JSON and pandoc's are compared on
title, authors, issued, container-title, volume, issue, page, DOI and URL,
as a reader would compare them: case, rich-text markup, quotation marks,
dashes and spaces aside. Every disagreement is pinned here and explained,
with who is right and why, in ``docs/reading.md`` ("paperbib and pandoc").
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
import warnings
from typing import Any

import pytest

from paperbib import PaperbibWarning, load, to_csl_json

from .conftest import DATA, require_tool

FILES = {
    "biblatex-examples.bib": "biblatex",
    "xampl.bib": "bibtex",
    "texnique.bib": "bibtex",
    "scrguide.bib": "bibtex",
}
FIELDS = ("title", "author", "issued", "container-title", "volume", "issue", "page", "DOI", "URL")
TAGS = re.compile(r"<[^>]+>")
FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})


def text(value: Any) -> str:
    printed = TAGS.sub("", str(value)).translate(FOLD)
    printed = unicodedata.normalize("NFC", printed).replace('"', "")
    return re.sub(r"\s+", " ", printed).strip().casefold()


def comparable(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field == "author":
        return [
            text(
                " ".join(
                    p.get(k, "")
                    for k in (
                        "given",
                        "dropping-particle",
                        "non-dropping-particle",
                        "family",
                        "literal",
                    )
                )
            )
            for p in value
        ]
    if field == "issued":
        return [[int(part) for part in date] for date in value.get("date-parts", [])][:1] or value
    return text(value)


def test_bibtex_to_csl_json_agrees_with_pandoc(data_regression: Any) -> None:
    pandoc = require_tool("pandoc")
    disagreements: dict[str, list[str]] = {}
    for name, dialect in FILES.items():
        path = DATA / "bibtex" / name
        done = subprocess.run(
            [pandoc, "-f", dialect, "-t", "csljson", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        theirs = {item["id"]: item for item in json.loads(done.stdout)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PaperbibWarning)
            ours = {item["id"]: item for item in json.loads(to_csl_json(load(path, "bibtex")))}
        assert set(ours) == set(theirs), name  # the same entries, under the same keys
        found = []
        for key, item in theirs.items():
            for field in FIELDS:
                a, b = comparable(field, ours[key].get(field)), comparable(field, item.get(field))
                if a != b:
                    found.append(f"{key}: {field}: paperbib {a!r}, pandoc {b!r}")
        disagreements[name] = found
    data_regression.check(disagreements)


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_entry_is_written(name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        bib = load(DATA / "bibtex" / name, "bibtex")
    items = json.loads(to_csl_json(bib))
    assert [item["id"] for item in items] == [entry.key for entry in bib]
