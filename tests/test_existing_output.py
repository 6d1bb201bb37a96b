"""An output that exists gives its papers their keys: read by a quick scan, or in full.

``paperbib convert … -o refs.bib`` runs on every rebuild, and ``refs.bib`` is
there each time; :func:`paperbib.readers.bibtex.read_ids` finds what identifies
each entry's paper without bibtexparser, and gives up (the full reader reads the
file) on what it cannot read exactly as the reader would.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from paperbib import PaperbibWarning, convert
from paperbib._files import decode
from paperbib.diagnostics import Diagnostics
from paperbib.merge import paper_ids
from paperbib.readers.bibtex import BibtexReader, read_ids
from paperbib.readers.csl_json import CslJsonReader
from paperbib.readers.csl_json import read_ids as csl_read_ids

from .conftest import SEED

HERE = Path(__file__).parent
BIB_FILES = sorted(p for p in HERE.rglob("*.bib") if ".work" not in p.parts)


def _ids(entries: list) -> list:
    return [(e.key, paper_ids(e), e.arxiv_id, e.doi, e.url) for e in entries]


@pytest.mark.parametrize("path", BIB_FILES, ids=lambda p: str(p.relative_to(HERE)))
def test_the_scan_finds_what_the_reader_reads(path: Path) -> None:
    text = decode(path.read_bytes(), Diagnostics(str(path)))
    scanned = read_ids(text, Diagnostics(str(path)))
    if scanned is None:
        return  # the full reader reads it
    assert _ids(scanned) == _ids(BibtexReader().read(text, Diagnostics(str(path))))


CSL_FILES = sorted(
    p
    for p in HERE.rglob("*.json")
    if ".work" not in p.parts and ("csl" in p.parts or p.name.endswith(".csl-json.json"))
)


@pytest.mark.parametrize("path", CSL_FILES, ids=lambda p: str(p.relative_to(HERE)))
def test_csl_ids_are_what_the_reader_reads(path: Path) -> None:
    """A CSL-JSON output is read for its keys from the fields they depend on alone."""
    text = path.read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full = CslJsonReader().read(text, Diagnostics(str(path)))
    assert _ids(csl_read_ids(text, Diagnostics(str(path)))) == _ids(full)


def test_the_writers_output_is_scanned() -> None:
    """What paperbib writes is what the scan reads (unless it has a crossref)."""
    written = [p for p in HERE.glob("test_harness/*.bib") if "xampl" not in p.name]
    assert written
    for path in written:
        assert read_ids(path.read_text(encoding="utf-8"), Diagnostics()) is not None, path


@pytest.mark.parametrize(
    "text",
    [
        '@string{t = "T"}\n@misc{a, title = t}\n',
        "@misc{a, title = {T}, crossref = {b}}\n@book{b, title = {B}}\n",
        "@misc(a, title = {T})\n",
        "@misc{a, title = t}\n",
        '@misc{a, title = "A" # "B"}\n',
        "@misc{a, abstract = {x\n@misc{b, title = {T}}\n}}\n",  # an entry inside a value
        "@misc{a, title = {T}\n",  # unbalanced
        "@misc{a, title = {T} junk}\n",
    ],
)
def test_the_scan_gives_up_on_what_only_the_reader_reads_right(text: str) -> None:
    assert read_ids(text, Diagnostics()) is None


@pytest.mark.parametrize(
    "text",
    [
        "@misc{a, note = {write to x@y.org}, title = {T}}\n",
        "@misc{a, note = {mail x@misc{y.org}}, title = {Two Words}, year = 2020}\n",
        "% a comment\n@misc{a, title = {T},\n}\n\n@misc{b,title={U}}",
        "@misc{a, note = {mail\n@misc{y.org}}, title = {T}}\n",
        "@misc{\n  a, title = {T}}\n",  # the key on the next line
    ],
)
def test_the_scan_agrees_with_the_reader_or_gives_up(text: str) -> None:
    scanned = read_ids(text, Diagnostics())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full = BibtexReader().read(text, Diagnostics())
    assert scanned is None or _ids(scanned) == _ids(full)


def test_the_scan_reads_ids_by_the_readers_rules() -> None:
    text = (
        '@preamble{ "\\providecommand{\\noopsort}[1]{}" }\n'
        "@comment{jabref-meta: databaseType:bibtex;}\n"
        '@article{a,\n  Title = {{B}ayes {\\"U}ber Alles},\n  year = 2020,\n'
        '  eprint = {2001.01234v2}, archivePrefix = {arXiv},\n  note = {x, {y}, "z"},\n}\n'
        '@online{b, title = "Two Words", date = {2019-05}, doi = {https://doi.org/10.1/X}}\n'
    )
    a, b = read_ids(text, Diagnostics()) or []
    assert (a.key, a.title, a.arxiv_id, a.date) == (
        "a",
        r"\NoCaseChange{B}ayes Über Alles",  # {\"U}: a special character, not protection
        "2001.01234",
        a.date,
    )
    assert a.date is not None
    assert a.date.year == 2020
    assert (b.key, b.doi, str(b.date)) == ("b", "10.1/X", "2019-05")


def _convert(out: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        convert([SEED], out, reader_options={"as_of": "2025-12-09"})


@pytest.mark.parametrize("extra", ["", '@string{unused = "x"}\n'], ids=["scanned", "read"])
def test_a_key_given_in_the_bib_output_is_kept(tmp_path: Path, extra: str) -> None:
    out = tmp_path / "refs.bib"
    _convert(out)
    text = out.read_text(encoding="utf-8")
    first = re.search(r"@\w+\{([^,]+),", text)
    assert first is not None
    out.write_text(
        extra + text.replace(first.group(0), first.group(0).replace(first.group(1), "mine"), 1)
    )
    _convert(out)
    keys = re.findall(r"@\w+\{([^,]+),", out.read_text(encoding="utf-8"))
    assert keys[0] == "mine"
    assert first.group(1) not in keys


def test_a_key_given_in_the_csl_json_output_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "refs.json"
    _convert(out)
    items = json.loads(out.read_text(encoding="utf-8"))
    old = items[0]["id"]
    items[0]["id"] = "mine"
    items[0]["citation-key"] = "mine"
    out.write_text(json.dumps(items), encoding="utf-8")
    _convert(out)
    ids = [item["id"] for item in json.loads(out.read_text(encoding="utf-8"))]
    assert ids[0] == "mine"
    assert old not in ids
