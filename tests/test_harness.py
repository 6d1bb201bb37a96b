"""The three harnesses every format goes through.

- Reader harness: every reader over each of its files; the whole model and
  every diagnostic pinned (``tests/test_harness/FILE.yml``).
- Writer harness: every writer over each case, through the pipeline's write
  stage; the text and the diagnostics pinned (``CASE.WRITER.SUFFIX``).
- Contract: every plugin the registry finds (built-in or installed) keeps the
  promises the pipeline relies on, and every field table places every model
  field or says why not.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import attrs
import pytest

from paperbib import (
    Bibliography,
    Diagnostics,
    Entry,
    EntryKind,
    PaperbibWarning,
    ParseError,
    PartialDate,
    Person,
    loads,
    pipeline,
)
from paperbib.formats import bibtex as bibtex_table
from paperbib.formats import csl as csl_table
from paperbib.formats import ris as ris_table
from paperbib.registry import (
    available_readers,
    available_resolvers,
    available_writers,
    plugin_options,
)

from .conftest import DATA, SEED, SEED_AS_OF, bibliography_data, loads_checked

READER_FILES: dict[str, list[tuple[str, str | None]]] = {
    "digest": [
        ("hf-papers-2025-12-09.txt", SEED_AS_OF.isoformat()),
        ("hf-papers-2026-08-21.txt", "2026-08-21"),  # held out: organisation lines, CRLF
        ("hostile-digest.txt", SEED_AS_OF.isoformat()),
    ],
    "arxiv": [
        ("arxiv/cs-daily-2024-11-07.eml", None),
        ("arxiv/arxiv-browse-2310.08262.abs.txt", None),
        *((f"arxiv/abs/{p.name}", None) for p in sorted((DATA / "arxiv" / "abs").glob("*.abs"))),
    ],
    "hf-json": [(f"hf-json/{p.name}", None) for p in sorted((DATA / "hf-json").glob("*.json"))],
    "html": [(f"html/{p.name}", None) for p in sorted((DATA / "html").glob("*.html"))],
    "bibtex": [(f"bibtex/{p.name}", None) for p in sorted((DATA / "bibtex").glob("*.bib"))],
    "csl-json": [(f"csl/{p.name}", None) for p in sorted((DATA / "csl").glob("*.json"))],
    "ris": [(f"ris/{p.name}", None) for p in sorted((DATA / "ris").glob("*.ris"))],
}
"""Each built-in reader's real test files, with the capture day where the reader takes one."""

READ_CASES = [
    (reader, name, as_of) for reader, files in READER_FILES.items() for name, as_of in files
]


def read_file(reader: str, name: str, as_of: str | None) -> Bibliography:
    path = DATA / name
    options = {"as_of": as_of} if as_of else {}
    return loads_checked(path.read_bytes(), reader, source=path.name, **options)


@pytest.mark.parametrize(("reader", "name", "as_of"), READ_CASES, ids=[c[1] for c in READ_CASES])
def test_reader_harness(reader: str, name: str, as_of: str | None, data_regression: Any) -> None:
    """The whole model read from each file, with every diagnostic, pinned."""
    bib = read_file(reader, name, as_of)
    assert all(entry.origin is not None and entry.origin.reader == reader for entry in bib)
    data_regression.check(bibliography_data(bib), basename=Path(name).name)


def test_every_built_in_reader_has_files() -> None:
    assert set(READER_FILES) == set(available_readers())


NAMES = Bibliography(
    [
        Entry(
            key="names2024",
            kind=EntryKind.JOURNAL_ARTICLE,
            title="Names from Everywhere: Ünïcödé, Łódź and Ngô",
            authors=(
                Person(family="Moraz\u00e1n", given="Marco T."),
                Person(family="Łukasiewicz", given="Jan"),
                Person(family="Nguyễn", given="Thị Minh Khai"),
                Person(family="Beethoven", given="Ludwig", particle="van"),
                Person(family="King", given="Martin Luther", suffix="Jr."),
                Person(family="O'Brien, PhD", given="Conan"),
                Person(family="Andersen", given="Hans and Gretel"),
                Person(literal="Google DeepMind & Friends {x}"),
                Person(family="Ḑoe", given="J\u0303ohn"),
            ),
            date=PartialDate(2024, 3),
            container_title="Journal of 100% Results & #Hashtags",
            volume="12",
            issue="3",
            pages="101-120",
            publisher="Über Verlag",
            doi="10.1000/xyz_{1}%20",
            url="https://example.org/a b/{c}\\d?x=1%20&y=_z#frag",
        ),
        Entry(
            key="report2020",
            kind=EntryKind.REPORT,
            title="A Technical Report",
            authors=(Person(family="Doe", given="Jane"),),
            date=PartialDate(2020),
            institution="MIT",
            report_number="TR-2020-01",
        ),
        Entry(
            key="nodate",
            kind=EntryKind.CONFERENCE_PAPER,
            title="No Date Given",
            authors=(Person(family="Roe", given="Rich"),),
            container_title="Proceedings of NeurIPS",
            pages="1–9",
            isbn="978-3-16-148410-0",
        ),
    ]
)
"""Names and entry kinds no real input gives all at once."""

DIGEST_CASES = {
    name.removesuffix(".txt"): (name, as_of)
    for name, as_of in [
        *READER_FILES["digest"],
        # Written only: its 200,000-character abstract is not worth pinning as read.
        ("hostile-sizes.txt", SEED_AS_OF.isoformat()),
    ]
}
PAGE_CASES = {
    name: (reader, f"{folder}/{name}", None)
    for reader, folder, name in [
        ("html", "html", "papers-daily-2024-08-01.html"),
        ("html", "html", "list-astro-ph.CO-recent-2026-07-24.raw.html"),
        ("html", "html", "abs-2106.09608-2021.html"),
        ("html", "html", "papis-SpringerLink_s10924_010_0192_1.html"),
        ("html", "html", "papis-USENIX_goyal.html"),
        ("hf-json", "hf-json", "api-papers-2605.13301.json"),
        ("bibtex", "bibtex", "xampl.bib"),
        ("bibtex", "bibtex", "scrguide.bib"),
        ("csl-json", "csl", "citeproc-js-bugreports_mendeleyNameCrash.json"),
        ("ris", "ris", "pubmed_zotero.ris"),
    ]
}
RESOLVED = "hf-papers-2025-12-09.resolved"
"""The bundled page completed offline from the shipped lock file (examples/…lock)."""
WRITE_CASES = [*DIGEST_CASES, RESOLVED, "names", *PAGE_CASES]


def case_input(case: str) -> Bibliography:
    """The bibliography a writer case starts from."""
    if case == "names":
        return NAMES
    if case == RESOLVED:
        lock = Path(__file__).parent.parent / "examples" / "hf-papers-2025-12-09.lock"
        return loads_checked(SEED.read_bytes(), source=SEED.name, as_of=SEED_AS_OF, lock=lock)
    if case in DIGEST_CASES:
        name, as_of = DIGEST_CASES[case]
        return read_file("digest", name, as_of)
    return read_file(*PAGE_CASES[case])


@pytest.mark.parametrize("writer", sorted(available_writers()))
@pytest.mark.parametrize("case", WRITE_CASES)
def test_writer_harness(case: str, writer: str, file_regression: Any, data_regression: Any) -> None:
    """Byte for byte, with the diagnostics of the normalise and write stages."""
    cls = available_writers()[writer]
    text, report = pipeline.write(case_input(case), cls())
    newline = "\r\n" if writer == "ris" else "\n"
    assert text.endswith(newline)
    assert not text.endswith(newline * 2)
    assert text.replace(newline, "").count("\n") == text.replace(newline, "").count("\r") == 0
    basename = f"{case}.{writer}"
    file_regression.check(
        text.encode("utf-8"), binary=True, basename=basename, extension=cls.suffixes[0]
    )
    data_regression.check(
        {"diagnostics": [str(d) for d in report]}, basename=f"{basename}.diagnostics"
    )


# -- the plugin contract ---------------------------------------------------------------------

SAMPLES = [
    "",
    "just some notes\n",
    "<html><head><title>x</title></head></html>",
    '{"a": [1, 2]}',
    "[]",
    "@misc{k, title={T}}",
    "\\\\\narXiv:2101.00001\n",
    SEED.read_text(encoding="utf-8")[:2000],
]


def _check_class_attributes(cls: type, kind: str) -> None:
    name, suffixes, description = cls.name, cls.suffixes, cls.description  # type: ignore[attr-defined]
    assert isinstance(name, str)
    assert name, f"{cls!r} has no {kind} name"
    assert isinstance(suffixes, tuple)
    assert all(s.startswith(".") for s in suffixes)
    assert isinstance(description, str)
    assert description
    for name, option in plugin_options(cls).items():
        assert name.isidentifier(), name
        assert not option.required, f"{cls.name} option {name} needs a default"  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(available_readers()))
def test_reader_contract(name: str) -> None:
    """Defaults construct it; sniffing never raises; bad text is diagnostics or a ParseError."""
    cls = available_readers()[name]
    _check_class_attributes(cls, "reader")
    reader = cls()
    for text in SAMPLES:
        assert isinstance(cls.sniff(text), bool)
        report = Diagnostics("sample", reader=name)
        try:
            entries = reader.read(text, report)
        except ParseError:
            continue
        assert isinstance(entries, list)
        assert all(isinstance(entry, Entry) for entry in entries)
        assert all(d.source == "sample" for d in report)
        assert all(d.origin.source == "sample" for d in report.dropped)


@pytest.mark.parametrize("name", sorted(available_writers()))
def test_writer_contract(name: str) -> None:
    """Defaults construct it; it writes nothing for nothing, and the same text twice."""
    cls = available_writers()[name]
    _check_class_attributes(cls, "writer")
    writer = cls()
    assert isinstance(writer.write(Bibliography(), Diagnostics()), str)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        bib = loads(SEED.read_bytes(), as_of=SEED_AS_OF)
    first, _ = pipeline.write(bib, writer)
    again, _ = pipeline.write(bib, cls())
    assert first == again
    assert first.strip()


@pytest.mark.parametrize("name", sorted(available_resolvers()))
def test_resolver_contract(name: str) -> None:
    """Defaults construct it; it names itself, batches sensibly and has both lookups."""
    cls = available_resolvers()[name]
    assert cls.name == name
    assert isinstance(cls.description, str)
    assert cls.description
    assert isinstance(cls.batch, int)
    assert cls.batch >= 1
    resolver = cls()
    assert callable(resolver.search)
    assert callable(resolver.fetch)
    for option in plugin_options(cls).values():
        assert not option.required


# The entry type and citation key are the BibTeX entry's header, not fields.
HEADER = {"kind", "key"}
TABLES = {
    "bibtex": (bibtex_table.BIBTEX_FIELDS, bibtex_table.UNMAPPED, HEADER),
    "biblatex": (bibtex_table.BIBLATEX_FIELDS, bibtex_table.UNMAPPED, HEADER),
    "csl-json": (csl_table.CSL_FIELDS, csl_table.UNMAPPED, set()),
    "ris": (ris_table.RIS_FIELDS, ris_table.UNMAPPED, set()),
}


@pytest.mark.parametrize("fmt", sorted(TABLES))
def test_every_model_field_has_a_place(fmt: str) -> None:
    """Each table places every field of Entry, or says why not; extras go by one rule."""
    rows, unmapped, header = TABLES[fmt]
    placed = {row.field for row in rows} | set(unmapped) | header
    data = {f.name for f in attrs.fields(Entry)} - {"origin", "extra"}
    assert data - placed == set()
    assert placed - data - header == set(), "a row names a field Entry does not have"
    assert all(reason for reason in unmapped.values())
