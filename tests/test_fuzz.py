"""Bounded fuzzing in CI: every reader on random bytes and on mutated fixtures.

Whatever the input, reading either gives a bibliography (which every writer
can then write) or raises one of paperbib's documented errors. The longer,
coverage-guided runs live in ``tests/fuzz/`` (atheris; see docs/errors.md).
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import jsonschema
import rispy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperbib import (
    Bibliography,
    DataWarning,
    Entry,
    PaperbibError,
    PartialDate,
    Person,
    dumps,
    loads,
)
from paperbib.registry import available_readers

from .conftest import DATA
from .test_roundtrip import NAME, TEXT

READERS = sorted(available_readers())
FIXTURES = {
    "digest": DATA / "hf-papers-2025-12-09.txt",
    "hf-json": DATA / "hf-json" / "api-daily_papers-2024-03-12.raw.json",
    "html": DATA / "html" / "abs-2106.09608-2021.html",
    "arxiv": DATA / "arxiv" / "arxiv-browse-2310.08262.abs.txt",
}
WRITERS = ("bibtex", "biblatex", "csl-json", "ris")
SCHEMA = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
FUZZ = settings(
    max_examples=int(os.environ.get("PAPERBIB_FUZZ", "60")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def read_or_fail_cleanly(data: bytes, reader: str | None) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            bib = loads(data, reader, source="fuzz")
        except PaperbibError:
            return
        for fmt in WRITERS:
            assert isinstance(dumps(bib, fmt), str)


@FUZZ
@given(data=st.binary(max_size=3000), reader=st.sampled_from([None, *READERS]))
def test_random_bytes(data: bytes, reader: str | None) -> None:
    read_or_fail_cleanly(data, reader)


def _mutate(base: bytes, data: st.DataObject) -> bytes:
    out = bytearray(base)
    tokens = [b"\n", b"\n\n", b"\\\\\n", b"arXiv:", b"<", b">", b'"', b"{", b"}", b"\xff", b"\x00",
              b"\xc3", b"-" * 78 + b"\n", b"%-%-%-%-%-%-%-%-%-%-%-%-\n", b"  \xe2\x80\xa2 3 authors\n\xc2\xb7\n",
              b"Feb 30, 2022", b"&amp;", b"<meta name=citation_title content=x>", b"[", b"]"]  # fmt: skip
    for _ in range(data.draw(st.integers(1, 8))):
        if not out:
            break
        at = data.draw(st.integers(0, len(out) - 1))
        action = data.draw(st.sampled_from(["cut", "delete", "insert", "flip", "repeat"]))
        if action == "cut":
            del out[at:]
        elif action == "delete":
            del out[at : at + data.draw(st.integers(1, 200))]
        elif action == "insert":
            out[at:at] = data.draw(st.sampled_from(tokens))
        elif action == "flip":
            out[at] = data.draw(st.integers(0, 255))
        else:
            end = min(len(out), at + data.draw(st.integers(1, 400)))
            out[at:at] = out[at:end]
    return bytes(out)


@FUZZ
@given(reader=st.sampled_from(sorted(FIXTURES)), data=st.data())
def test_mutated_fixtures(reader: str, data: st.DataObject) -> None:
    base = Path(FIXTURES[reader]).read_bytes()[:30000]
    mutated = _mutate(base, data)
    read_or_fail_cleanly(mutated, reader)
    read_or_fail_cleanly(mutated, None)


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(title=TEXT, abstract=TEXT, family=NAME, given_name=NAME)
def test_csl_json_is_always_schema_valid(
    title: str, abstract: str, family: str, given_name: str
) -> None:
    entry = Entry(
        key="k",
        title=title,
        abstract=abstract,
        authors=[Person(family=family, given=given_name), Person(literal=title or "Org")],
        date=PartialDate(2024, 2, 29),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # control characters removed, and said so
        items = json.loads(dumps(Bibliography([entry]), "csl-json"))
    jsonschema.validate(items, SCHEMA, cls=jsonschema.Draft7Validator)
    assert items[0]["id"] == "k"


@PROPERTY
@given(title=TEXT, abstract=TEXT, family=NAME, given_name=NAME, eol=st.sampled_from(["crlf", "lf"]))
def test_ris_always_reads_back(
    title: str, abstract: str, family: str, given_name: str, eol: str
) -> None:
    entry = Entry(
        key="k",
        title=title,
        abstract=abstract,
        authors=[Person(family=family, given=given_name)],
        date=PartialDate(2024, 2),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # control characters removed, and said so
        text = dumps(Bibliography([entry]), "ris", eol=eol)
    newline = "\r\n" if eol == "crlf" else "\n"
    lines = text.split(newline)
    assert lines[0] == "TY  - GEN"
    assert all(line == "" or line[2:6] == "  - " for line in lines)  # no value spills over a line
    (record,) = rispy.loads(text.replace("\r\n", "\n"))
    assert record["year"] == "2024"
    assert len(record["authors"]) == 1
    assert record.get("title", "").strip() == record.get("title", "")
