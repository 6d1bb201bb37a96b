"""The digest reader: the seed, a transcribed held-out page, and every line shape on its own."""

from __future__ import annotations

import codecs
import datetime
import json
import re
from typing import Any

import pytest

from paperbib import Diagnostics, PartialDate, Severity
from paperbib._files import decode, normalize_newlines
from paperbib.readers.digest import DigestReader

from .conftest import DATA, SEED, SEED_AS_OF

HEADER = """New

Get trending papers in your email inbox!

Subscribe

Daily Papers

byAK and the research community

Dec 9

"""
CARD_A = """Alpha Models for Beta Tasks

We study alpha models. Code: https://github.com/example/alpha.

  • 14 authors
·
Feb 3, 2022
"""
CARD_B = """Tiny language models

A prominent achievement of small models is described here.

  • 1 author
·
Jul 20
"""
CARD_C = """FineWeb2: One Pipeline to Scale Them All

Pre-training needs clean text.

HuggingFaceFW FineData
·
Jun 25 1
"""
PAGE = HEADER + CARD_A + "\n" + CARD_B + "\n" + CARD_C


def read(text: str | bytes, as_of: datetime.date = SEED_AS_OF) -> tuple[list[Any], list[str]]:
    """Entries and diagnostic strings, without Python warnings."""
    report = Diagnostics("page.txt")
    text = decode(text, report) if isinstance(text, bytes) else normalize_newlines(text)
    entries = DigestReader(as_of=as_of).read(text, report)
    return entries, [str(d) for d in report]


def summary(entries: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (
            e.title,
            e.abstract,
            e.extra.get("hf.authorcount"),
            e.extra.get("hf.organization"),
            e.date,
            e.extra.get("hf.upvotes"),
        )
        for e in entries
    ]


EXPECTED = [
    (
        "Alpha Models for Beta Tasks",
        "We study alpha models. Code: https://github.com/example/alpha.",
        14,
        None,
        PartialDate(2022, 2, 3),
        None,
    ),
    (
        "Tiny language models",
        "A prominent achievement of small models is described here.",
        1,
        None,
        PartialDate(2025, 7, 20),
        None,
    ),
    (
        "FineWeb2: One Pipeline to Scale Them All",
        "Pre-training needs clean text.",
        None,
        "HuggingFaceFW FineData",
        PartialDate(2025, 6, 25),
        1,
    ),
]


class TestSeed:
    def test_counts_and_landmarks(self) -> None:
        """39 papers; spot checks computed from the file's own lines."""
        entries, diagnostics = read(SEED.read_text(encoding="utf-8"))
        assert len(entries) == 39
        lines = SEED.read_text(encoding="utf-8").split("\n")
        titles = [lines[i - 5] for i, line in enumerate(lines) if line == "·"]
        assert [e.title for e in entries] == titles
        by_title = {e.title: e for e in entries}
        fineweb = by_title[titles[-1]]
        assert (
            fineweb.extra.get("hf.organization"),
            fineweb.extra.get("hf.authorcount"),
            fineweb.extra.get("hf.upvotes"),
        ) == (
            "HuggingFaceFW FineData",
            None,
            1,
        )
        assert fineweb.date == PartialDate(2025, 6, 25)
        assert by_title["Tiny language models"].date == PartialDate(2025, 7, 20)
        assert entries[0].date == PartialDate(2022, 2, 3)
        assert entries[0].extra.get("hf.authorcount") == 14
        assert all(e.accessed == PartialDate(2025, 12, 9) for e in entries)
        with_votes = [ln for ln in lines if re.fullmatch(r"[A-Z][a-z]{2} \d+(, \d{4})? \d+", ln)]
        assert [e.extra.get("hf.upvotes") for e in entries if e.extra.get("hf.upvotes")] == [
            int(v.split()[-1]) for v in with_votes
        ]
        assert len(diagnostics) == 3
        assert all("[year-inferred]" in d for d in diagnostics)

    def test_abstracts_are_exact(self) -> None:
        """Each abstract is the line two below its title, unchanged."""
        entries, _ = read(SEED.read_text(encoding="utf-8"))
        lines = SEED.read_text(encoding="utf-8").split("\n")
        abstracts = [lines[i - 3] for i, line in enumerate(lines) if line == "·"]
        assert [e.abstract for e in entries] == abstracts

    def test_tex_is_kept_as_written(self) -> None:
        entries, _ = read(SEED.read_text(encoding="utf-8"))
        assert entries[3].title.startswith("$\\mathcal{B}$-Coder: ")
        assert any("\\ewtune~adds" in (e.abstract or "") for e in entries)

    def test_links(self) -> None:
        """URLs in abstracts, without trailing punctuation or TeX residue."""
        entries, _ = read(SEED.read_text(encoding="utf-8"))
        links = [link for e in entries for link in e.links]
        assert links == [
            "https://lamo2023.github.io",
            "https://github.com/microsoft/KID",
            "https://anonymous.4open.science/r/BIB-ICLR2023-Submission/README.md",
            "https://github.com/yule-BUAA/MergeLM",
            "https://github.com/Rg32601/Tiny-Language-Models",
            "https://huggingface-proxy-6ci.pages.dev/YiDuo1999/Llama-3-Physician-8B-Instruct",
            "https://github.com/thu-coai/MiniPLM",
        ]

    def test_origin_lines(self) -> None:
        entries, _ = read(SEED.read_text(encoding="utf-8"))
        assert [e.origin.line for e in entries[:3]] == [13, 21, 29]
        assert entries[-1].origin.line == 317
        assert entries[0].origin.source == "page.txt"


class TestHeldOut:
    """A page transcribed from a real API response, checked against that response."""

    TEXT = DATA / "hf-papers-2026-08-21.txt"
    API = DATA / "hf-json" / "api-daily_papers-2026-08-21.json"

    def test_matches_the_api_record(self) -> None:
        entries, diagnostics = read(self.TEXT.read_bytes(), as_of=datetime.date(2026, 8, 21))
        records = [r["paper"] for r in json.loads(self.API.read_text(encoding="utf-8"))]
        assert len(entries) == len(records) == 17
        for index, (entry, paper) in enumerate(zip(entries, records, strict=True)):
            assert entry.title == paper["title"]
            assert entry.abstract == " ".join(paper["summary"].split())
            assert entry.date == PartialDate.from_date(
                datetime.date.fromisoformat(paper["publishedAt"][:10])
            )
            assert entry.extra.get("hf.upvotes") == (paper["upvotes"] or None)
            if index % 2:
                org = paper["organization"]
                assert entry.extra.get("hf.organization") == f"{org['name']} {org['fullname']}"
                assert entry.extra.get("hf.authorcount") is None
            else:
                assert entry.extra.get("hf.authorcount") == len(paper["authors"])
        assert len(diagnostics) == 18  # page date + 17 yearless dates


class TestTolerantInput:
    """The same page in every form a copy can take reads to the same entries."""

    @pytest.mark.parametrize(
        "variant",
        [
            pytest.param(PAGE, id="lf"),
            pytest.param(PAGE.replace("\n", "\r\n"), id="crlf"),
            pytest.param(PAGE.replace("\n", "\r"), id="cr"),
            pytest.param(PAGE.rstrip("\n"), id="no-final-newline"),
            pytest.param(PAGE.replace("\n\n", "\n\n\n\n"), id="extra-blank-lines"),
            pytest.param(PAGE.replace("\n", " \t\n"), id="trailing-whitespace"),
            pytest.param(codecs.BOM_UTF8 + PAGE.encode(), id="utf8-bom"),
            pytest.param(codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), id="utf16le-bom"),
            pytest.param(codecs.BOM_UTF16_BE + PAGE.encode("utf-16-be"), id="utf16be-bom"),
        ],
    )
    def test_variants(self, variant: str | bytes) -> None:
        entries, diagnostics = read(variant)
        assert summary(entries) == EXPECTED
        assert [d.split(": ", 1)[1] for d in diagnostics] == [
            "page date 'Dec 9' has no year; read as 2025-12-09, "
            "the latest such day not after 2025-12-09 [year-inferred]",
            "date 'Jul 20' has no year; read as 2025-07-20, "
            "the latest such day not after 2025-12-09 [year-inferred]",
            "date 'Jun 25' has no year; read as 2025-06-25, "
            "the latest such day not after 2025-12-09 [year-inferred]",
        ]

    def test_cp1252(self) -> None:
        """Bytes that are not UTF-8 are read as Windows-1252, with a located warning."""
        page = PAGE.replace("Beta Tasks", "Beta Tasks – Café")
        entries, diagnostics = read(page.encode("cp1252"))
        assert entries[0].title == "Alpha Models for Beta Tasks – Café"
        assert diagnostics[0] == (
            "page.txt:13: input is not UTF-8 (first bad byte on this line); "
            "decoded as Windows-1252 [not-utf8]"
        )

    def test_missing_header(self) -> None:
        """Without a page date, yearless dates are placed relative to as_of."""
        entries, diagnostics = read(CARD_A + "\n" + CARD_B, as_of=datetime.date(2026, 3, 1))
        assert [e.title for e in entries] == [EXPECTED[0][0], EXPECTED[1][0]]
        assert entries[1].date == PartialDate(2025, 7, 20)
        assert all(e.accessed is None for e in entries)
        assert diagnostics == [
            "page.txt:15: date 'Jul 20' has no year; read as 2025-07-20, "
            "the latest such day not after 2026-03-01 [year-inferred]"
        ]

    def test_page_date_is_the_reference(self) -> None:
        """as_of long after the capture: the page date still anchors yearless dates."""
        entries, _ = read(PAGE, as_of=datetime.date(2026, 11, 27))
        assert entries[1].date == PartialDate(2025, 7, 20)
        assert entries[1].accessed == PartialDate(2025, 12, 9)

    def test_page_date_with_year(self) -> None:
        entries, diagnostics = read(PAGE.replace("Dec 9\n", "Dec 9, 2024\n"))
        assert entries[0].accessed == PartialDate(2024, 12, 9)
        assert entries[1].date == PartialDate(2024, 7, 20)
        assert len(diagnostics) == 2


class TestDates:
    @pytest.mark.parametrize(
        ("line", "as_of", "expected"),
        [
            ("Dec 10", datetime.date(2025, 12, 9), PartialDate(2024, 12, 10)),
            ("Dec 9", datetime.date(2025, 12, 9), PartialDate(2025, 12, 9)),
            ("Feb 29", datetime.date(2025, 3, 1), PartialDate(2024, 2, 29)),
            ("Feb 29", datetime.date(2024, 2, 28), PartialDate(2020, 2, 29)),
            ("Sept 3, 2021", datetime.date(2025, 1, 1), PartialDate(2021, 9, 3)),
            ("March 3, 2021 12", datetime.date(2025, 1, 1), PartialDate(2021, 3, 3)),
        ],
    )
    def test_dates(self, line: str, as_of: datetime.date, expected: PartialDate) -> None:
        entries, _ = read(f"Title\n\nAbstract.\n\n  • 2 authors\n·\n{line}\n", as_of=as_of)
        assert entries[0].date == expected

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            (
                "Feb 30, 2022",
                "page.txt:7: date 'Feb 30, 2022' is not a real date (day 30 is out of range "
                "for 2022-02 (1..28)); kept without a date [bad-date]",
            ),
            (
                "Feb 30",
                "page.txt:7: date 'Feb 30' is not a real date; kept without a date [bad-date]",
            ),
            (
                "Foo 3, 2022",
                "page.txt:7: date 'Foo 3, 2022' has an unknown month; kept without a date [bad-date]",
            ),
        ],
    )
    def test_impossible_dates_keep_the_entry(self, line: str, message: str) -> None:
        entries, diagnostics = read(f"Title\n\nAbstract.\n\n  • 2 authors\n·\n{line}\n")
        assert [(e.title, e.date, e.extra.get("hf.authorcount")) for e in entries] == [
            ("Title", None, 2)
        ]
        assert diagnostics == [message]

    def test_upvotes(self) -> None:
        entries, _ = read("T\n\nAbstract.\n\n  • 3 authors\n·\nOct 31, 2023 17\n")
        assert (entries[0].date, entries[0].extra.get("hf.upvotes")) == (
            PartialDate(2023, 10, 31),
            17,
        )

    def test_title_that_looks_like_a_date(self) -> None:
        """A card titled like "Mamba 2" is a title, not a page date."""
        entries, _ = read("Mamba 2\n\nA state space model.\n\n  • 2 authors\n·\nMay 31, 2024\n")
        assert entries[0].title == "Mamba 2"


class TestDamagedInput:
    def test_truncated_in_the_card_lines(self) -> None:
        text = HEADER + CARD_A + "\n" + CARD_B.split("·")[0]
        entries, diagnostics = read(text)
        assert [e.title for e in entries] == [EXPECTED[0][0], EXPECTED[1][0]]
        assert entries[1].extra.get("hf.authorcount") == 1
        assert entries[1].date is None
        assert diagnostics[-1] == "page.txt:25: paper has no date line [missing-date]"

    def test_truncated_after_the_abstract(self) -> None:
        text = HEADER + CARD_A + "\n" + CARD_B.split("\n\n  •")[0]
        entries, diagnostics = read(text)
        assert [e.title for e in entries] == [EXPECTED[0][0], EXPECTED[1][0]]
        assert entries[1].abstract == EXPECTED[1][1]
        assert diagnostics[-1] == (
            "page.txt:21: paper has no author and date lines (truncated or damaged copy); "
            "kept with its title and abstract [missing-meta]"
        )

    def test_truncated_after_the_title(self) -> None:
        text = HEADER + CARD_A + "\nTiny language mod"
        entries, diagnostics = read(text)
        assert [e.title for e in entries] == [EXPECTED[0][0], "Tiny language mod"]
        assert diagnostics[-1].endswith("kept with its title [missing-meta]")

    def test_missing_card_lines_between_papers(self) -> None:
        """Two papers with no card lines between them are still two entries."""
        text = HEADER + CARD_A.split("\n\n  •")[0] + "\n\n" + CARD_B
        entries, diagnostics = read(text)
        assert [e.title for e in entries] == [EXPECTED[0][0], EXPECTED[1][0]]
        assert entries[0].abstract == EXPECTED[0][1]
        assert entries[0].date is None
        assert entries[1].date == PartialDate(2025, 7, 20)
        assert "page.txt:13: paper has no author and date lines" in diagnostics[1]

    def test_missing_abstract(self) -> None:
        entries, diagnostics = read("Just a Title\n\n  • 2 authors\n·\nMay 2, 2023\n")
        assert (entries[0].title, entries[0].abstract) == ("Just a Title", None)
        assert diagnostics == ["page.txt:1: paper has no abstract [missing-abstract]"]

    def test_text_before_the_first_paper_is_reported(self) -> None:
        text = "Trending Papers Today\n\n" + CARD_A
        entries, diagnostics = read(text)
        assert [e.title for e in entries] == [EXPECTED[0][0]]
        assert diagnostics == [
            "page.txt:1: text before the first paper skipped: 'Trending Papers Today' "
            "[skipped-text]"
        ]

    def test_paragraph_before_the_first_title_is_reported(self) -> None:
        """A copy that starts in the middle of an abstract."""
        text = "...the end of an earlier abstract.\n\n" + CARD_A
        entries, diagnostics = read(text)
        assert [e.title for e in entries] == [EXPECTED[0][0]]
        assert diagnostics[0].startswith("page.txt:1: 1 paragraph(s) without a title skipped")
        assert diagnostics[0].endswith("[skipped-text]")

    @pytest.mark.parametrize("first", [True, False])
    def test_title_ending_with_a_full_stop(self, first: bool) -> None:
        card = "Attention Is All You Need.\n\nWe propose the Transformer.\n\n  • 8 authors\n·\nJun 12, 2017\n"
        entries, diagnostics = read(card if first else CARD_A + "\n" + card)
        assert entries[-1].title == "Attention Is All You Need."
        assert entries[-1].abstract == "We propose the Transformer."
        assert diagnostics == []

    def test_orphan_card_lines(self) -> None:
        text = CARD_A + "\n  • 3 authors\n·\nMay 2, 2023\n"
        entries, diagnostics = read(text)
        assert len(entries) == 1
        assert diagnostics == [
            "page.txt:9: author or date lines with no title before them; skipped [orphan-meta]"
        ]

    def test_multi_paragraph_abstract(self) -> None:
        text = "Title\n\nFirst paragraph is long enough.\n\nSecond one.\n\n  • 2 authors\n·\nMay 2, 2023\n"
        entries, diagnostics = read(text)
        assert entries[0].abstract == "First paragraph is long enough.\n\nSecond one."
        assert diagnostics == []

    def test_abstract_wrapped_over_lines(self) -> None:
        text = "A Title\n\nFirst line\nsecond line.\n\n  • 2 authors\n·\nMay 2, 2023\n"
        entries, _ = read(text)
        assert entries[0].abstract == "First line second line."


class TestSniff:
    def test_accepts_pages(self) -> None:
        assert DigestReader.sniff(SEED.read_text(encoding="utf-8"))
        assert DigestReader.sniff(CARD_A)
        assert DigestReader.sniff(CARD_C)

    @pytest.mark.parametrize(
        "text", ["@misc{x, title={A}}", "TY  - GEN\nER  - \n", "<html><body>Hi</body></html>", "[]"]
    )
    def test_rejects_other_formats(self, text: str) -> None:
        assert not DigestReader.sniff(text)


def test_severities() -> None:
    """Inferred years are notes, damaged cards warnings, lost text errors."""
    report = Diagnostics("p.txt")
    DigestReader(as_of=SEED_AS_OF).read("Junk header line\n\n" + CARD_B + "\nT\n\n", report)
    assert [(d.code, d.severity) for d in report] == [
        ("skipped-text", Severity.ERROR),
        ("year-inferred", Severity.NOTE),
        ("missing-meta", Severity.WARNING),
    ]
