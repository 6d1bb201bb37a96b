"""The programs that read our CSL-JSON and RIS accept every record, with its data intact.

pandoc (Debian package, installed by .ci/run) renders the CSL-JSON with
citeproc; citeproc-py renders it with its bundled style; rispy reads the RIS.
Under CI a missing pandoc fails the test instead of skipping it.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
import warnings
from pathlib import Path

import pytest
import rispy

from paperbib import Bibliography, PaperbibWarning, dump, load
from paperbib._tex import tex_to_unicode

from .conftest import DATA, SEED, SEED_AS_OF, require_tool

INPUTS = {
    "hf-papers-2025-12-09": (SEED, SEED_AS_OF),
    "hf-papers-2026-08-21": (DATA / "hf-papers-2026-08-21.txt", "2026-08-21"),
}


def read(name: str) -> Bibliography:
    path, as_of = INPUTS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return load(path, as_of=as_of)


def words(text: str) -> str:
    """Lowercase letters and digits only: styles recase titles and change punctuation."""
    text = re.sub(r"</?span[^>]*>", "", text)
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^\w]+", " ", text).strip()


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_pandoc_citeproc_renders_every_item(name: str, tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    bib = read(name)
    dump(bib, tmp_path / "refs.json")
    (tmp_path / "doc.md").write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    proc = subprocess.run(
        [
            pandoc,
            "--citeproc",
            "--bibliography",
            "refs.json",
            "-t",
            "plain",
            "--wrap=none",
            "doc.md",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    rendered = [words(line) for line in proc.stdout.split("\n\n") if line.strip()]
    assert len(rendered) == len(bib)
    items = json.loads((tmp_path / "refs.json").read_text(encoding="utf-8"))
    for item in items:
        title = words(item["title"])
        matches = [line for line in rendered if title in line]
        assert len(matches) == 1, item["title"]
        assert str(item["issued"]["date-parts"][0][0]) in matches[0]


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_citeproc_py_renders_every_item(name: str) -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(dump_text(read(name), "csl-json"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL keys it does not know
        source = CiteProcJSON(items)
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [words(str(entry)) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    for item in items:
        title = words(item["title"])
        assert sum(title in line for line in rendered) == 1, item["title"]


def dump_text(bib: Bibliography, fmt: str) -> str:
    from paperbib import dumps

    return dumps(bib, fmt)


@pytest.mark.parametrize("name", sorted(INPUTS))
@pytest.mark.parametrize("eol", ["crlf", "lf"])
def test_rispy_reads_every_record_back(name: str, eol: str, tmp_path: Path) -> None:
    bib = read(name)
    path = tmp_path / "refs.ris"
    dump(bib, path, eol=eol)
    records = rispy.load(path, encoding="utf-8-sig")
    assert len(records) == len(bib)
    for record, entry in zip(records, bib, strict=True):
        assert record["type_of_reference"] == "GEN"
        assert record["title"] == tex_to_unicode(entry.title)
        assert record["abstract"] == tex_to_unicode(entry.abstract)
        assert record["year"] == str(entry.date.year)
        assert record.get("authors", []) == [
            f"{p.family}, {p.given}" if p.given else str(p) for p in entry.authors
        ]
        assert record.get("doi") == entry.doi


def test_rispy_reads_identifiers() -> None:
    """An arXiv entry's DOI, URL, class and notes survive a rispy round trip."""
    from paperbib import Entry, EntryKind, PartialDate, Person, to_ris

    entry = Entry(
        key="devlin2018bert",
        kind=EntryKind.PREPRINT,
        title="BERT",
        authors=[Person(family="Devlin", given="Jacob")],
        date=PartialDate(2018, 10, 11),
        arxiv_id="1810.04805",
        categories=("cs.CL",),
    )
    (record,) = rispy.loads(to_ris(Bibliography([entry])))
    assert record["doi"] == "10.48550/arXiv.1810.04805"
    assert record["urls"] == ["https://arxiv.org/abs/1810.04805"]
    assert record["publisher"] == "arXiv"
    assert record["notes"] == ["arXiv:1810.04805 [cs.CL]"]
    assert record["keywords"] == ["cs.CL"]
    assert record["date"] == "2018/10/11/"
