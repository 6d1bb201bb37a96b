"""The arxiv reader: the daily mailing and an .abs record pinned, checked line by line."""

from __future__ import annotations

import json
import quopri
import re
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy

from paperbib import Diagnostics, PartialDate
from paperbib.readers.arxiv_text import ArxivTextReader, split_authors
from paperbib.registry import find_reader

from .conftest import DATA, dumps_noting, loads_checked

MAIL = DATA / "arxiv" / "cs-daily-2024-11-07.eml"
ABS = DATA / "arxiv" / "arxiv-browse-2310.08262.abs.txt"


def read_text(text: str, source: str = "mail.txt") -> tuple[list[Any], list[str]]:
    report = Diagnostics(source)
    entries = ArxivTextReader().read(text, report)
    return entries, [str(d) for d in report]


@pytest.mark.parametrize("path", [MAIL, ABS], ids=lambda p: p.name)
def test_recognised_by_content(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert find_reader(filename=path.name, text=text) is ArxivTextReader
    assert find_reader(text=text) is ArxivTextReader


def _raw_records(text: str) -> list[dict[str, str]]:
    """An independent, naive reading of the mailing: split at id lines, read the fields."""
    records = []
    for chunk in re.split(r"\n\\\\\narXiv:", text)[1:]:
        head, _, _ = chunk.partition("\n\\\\")
        fields: dict[str, str] = {"id": head.split()[0]}
        current = None
        for line in head.split("\n")[1:]:
            if line.startswith("  ") and current:
                fields[current] += " " + line.strip()
            elif ":" in line:
                current, _, value = line.partition(":")
                fields[current] = value.strip()
        records.append(fields)
    return records


def test_all_180_papers_with_ids_titles_authors_years_and_dois() -> None:
    text = MAIL.read_text(encoding="utf-8").replace("\r\n", "\n")
    raw = _raw_records(text)
    bib = loads_checked(MAIL.read_bytes(), source=MAIL.name)
    assert len(raw) == len(bib) == 180
    for fields, entry in zip(raw, bib, strict=True):
        assert entry.arxiv_id == fields["id"]
        assert entry.title == " ".join(fields["Title"].split())
        names = re.split(r",\s*(?:and\s+)?|\s+and\s+", " ".join(fields["Authors"].split()))
        assert len(entry.authors) == len([n for n in names if n.strip()]), fields["Authors"]
        assert entry.categories[0] == fields["Categories"].split()[0]
        year = re.search(r"\b(20\d\d)\b", fields.get("Date", "")) if "Date" in fields else None
        expected_year = int(year.group(1)) if year else 2000 + int(fields["id"][:2])
        assert entry.date.year == expected_year
        assert entry.doi == (fields["DOI"].split()[0] if "DOI" in fields else None)
    counts = {
        kind: sum(e.extra.get("arxiv.listing") == kind for e in bib)
        for kind in ("new", "cross-list", "replacement")
    }
    assert counts == {"new": 88, "cross-list": 24, "replacement": 68}
    assert bib.entries[0].accessed == PartialDate(2024, 11, 7)


def test_replacements_keep_the_first_version_date_and_note_the_revision() -> None:
    bib = loads_checked(MAIL.read_bytes())
    (entry,) = [e for e in bib if e.arxiv_id == "2110.00675"]
    assert (entry.date, entry.extra.get("arxiv.revised"), entry.extra.get("arxiv.listing")) == (
        PartialDate(2021, 10),
        "2024-11-06",
        "replacement",
    )
    assert entry.doi == "10.1016/j.arcontrol.2021.10.001"
    assert (
        entry.journal_ref
        == "Annual Reviews in Control; Volume 52; 2021; Pages 135-169; ISSN 1367-5788,"
    )
    assert entry.abstract is None


def test_abstract_line_starting_with_percent_is_text() -> None:
    bib = loads_checked(MAIL.read_bytes())
    (entry,) = [e for e in bib if e.arxiv_id == "2411.03348"]
    assert "we observe a 20 % decrease in accuracy" in entry.abstract


def test_abs_record() -> None:
    (entry,) = loads_checked(ABS.read_bytes())
    assert [str(p) for p in entry.authors] == ["Marco T. Morazán"]
    assert entry.date == PartialDate(2023, 10, 12)
    assert entry.categories == ("cs.PL", "MSC D.3.0")
    assert entry.abstract.count("\n\n") == 3  # indented lines start paragraphs


@pytest.mark.parametrize(
    ("line", "people"),
    [
        ("A. One, B. Two, and C. Three", ["A. One", "B. Two", "C. Three"]),
        ("A. One and B. Two and C. Three", ["A. One", "B. Two", "C. Three"]),
        ("A. One & B. Two", ["A. One", "B. Two"]),
        ("Anand Sandberg, Alexander Andersson", ["Anand Sandberg", "Alexander Andersson"]),
        (
            "A. One (MIT, USA), B. Two (CMU) and C. Three",
            ["A. One [MIT, USA]", "B. Two [CMU]", "C. Three"],
        ),
        ("A. One (1,2), B. Two (2) ((1) MIT, (2) CMU)", ["A. One [MIT; CMU]", "B. Two [CMU]"]),
        ("Gesine M\\\"uller, Marco Moraz\\'an", ["Gesine Müller", "Marco Morazán"]),
        ("The ATLAS Collaboration", ["The ATLAS Collaboration"]),
    ],
)
def test_author_lines(line: str, people: list[str]) -> None:
    found = [f"{p} [{p.affiliation}]" if p.affiliation else str(p) for p in split_authors(line)]
    assert found == people


RECORD = """\\\\
arXiv:{id}
Date: Tue, 5 Nov 2024 02:29:16 GMT   (395kb,D)

Title: A Title
Authors: A. One, B. Two
Categories: cs.CV cs.AI
\\\\
  An abstract
over two lines.
\\\\ ( https://arxiv.org/abs/{id} ,  395kb)
"""


def test_listing_file_and_old_identifiers() -> None:
    text = (
        "Date: Wed, 6 Nov 2024 20:00:00 GMT\nSubject: cs new listing\n"
        + RECORD.format(id="2411.00001")
        + "------------------------------------------------------------------------------\n"
        + RECORD.format(id="hep-th/9901001").replace(
            "arXiv:hep-th/9901001", "Paper: hep-th/9901001"
        )
    )
    entries, diagnostics = read_text(text)
    assert [e.arxiv_id for e in entries] == ["2411.00001", "hep-th/9901001"]
    assert entries[0].abstract == "An abstract over two lines."
    assert entries[1].accessed == PartialDate(2024, 11, 6)
    assert diagnostics == []


def test_truncated_mailing_keeps_complete_records_and_reports_the_cut_one() -> None:
    text = RECORD.format(id="2411.00001") + "-" * 78 + "\n" + RECORD.format(id="2411.00002")[:120]
    entries, diagnostics = read_text(text)
    assert [e.arxiv_id for e in entries] == ["2411.00001", "2411.00002"]
    assert diagnostics == [
        "mail.txt:14: arXiv:2411.00002: record is cut short (no closing line); kept as read [truncated-entry]"
    ]


def test_paper_listed_twice_is_kept_once() -> None:
    text = RECORD.format(id="2411.00001") + "%-" * 39 + "\n" + RECORD.format(id="2411.00001")
    bib = loads_checked(text, source="mail.txt")
    assert len(bib) == 1
    assert [str(d) for d in bib.diagnostics] == [
        "mail.txt:14: one2024title: same paper as an earlier entry (mail.txt:2): 'A Title'; "
        "merged into it [merged]"
    ]


def test_quoted_printable_mail() -> None:
    body = RECORD.format(id="2411.00001").replace("A. One", "Ä. Öne")
    encoded = quopri.encodestring(body.encode("utf-8")).decode("ascii")
    mail = (
        "Date: Thu, 7 Nov 2024 00:45:57 -0500\nSubject: cs daily Subj-class mailing\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n\n" + encoded
    )
    entries, _ = read_text(mail)
    assert [str(p) for p in entries[0].authors] == ["Ä. Öne", "B. Two"]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csl-json", "ris"])
def test_every_writer_keeps_ids_years_and_dois(fmt: str) -> None:
    bib = loads_checked(MAIL.read_bytes())
    text = dumps_noting(bib, fmt)
    if fmt == "csl-json":
        items = json.loads(text)
        jsonschema.validate(items, json.loads((DATA / "csl-data.json").read_text(encoding="utf-8")))
        assert [i["number"] for i in items] == [f"arXiv:{e.arxiv_id}" for e in bib]
        assert [i["DOI"] for i in items] == [e.doi or f"10.48550/arXiv.{e.arxiv_id}" for e in bib]
    elif fmt == "ris":
        records = rispy.loads(text)
        assert [r["year"] for r in records] == [str(e.date.year) for e in bib]
        assert [r.get("doi") for r in records] == [
            e.doi or f"10.48550/arXiv.{e.arxiv_id}" for e in bib
        ]
    else:
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == []
        assert [x["eprint"] for x in library.entries] == [e.arxiv_id for e in bib]
        assert [x["doi"] for x in library.entries] == [
            e.doi or f"10.48550/arXiv.{e.arxiv_id}" for e in bib
        ]


# -- author lines as arXiv writes them (issue #16) -------------------------------------

EXPECTED = DATA / "expected"


def _shown(people: list[Any]) -> list[str]:
    """Each person as ``Family|Given|Suffix``, an organisation as ``{name}``."""
    return [
        f"{{{p.literal}}}"
        if p.literal
        else "|".join(
            [" ".join(x for x in (p.particle, p.family) if x), p.given or "", p.suffix or ""]
        )
        for p in people
    ]


@pytest.mark.parametrize(
    ("line", "people"),
    [
        # Initials written without spaces (0704.0241 and the other lines the issue names).
        ("J.P.Hague", ["Hague|J.P.|"]),
        ("N.d'Ambrumenil", ["d'Ambrumenil|N.|"]),
        ("A.O.Barvinsky", ["Barvinsky|A.O.|"]),
        # "et al" is no author.
        ("The BABAR Collaboration, B. Aubert, et al", ["{The BABAR Collaboration}", "Aubert|B.|"]),
        # A suffix after a comma stays with its name.
        ("Robert W. Heath, Jr. and Jeffrey G. Andrews", ["Heath|Robert W.|Jr.", "Andrews|Jeffrey G.|"]),
        # A collaboration before a colon is an author of its own.
        ("CLEO Collaboration: T. K. Pedlar", ["{CLEO Collaboration}", "Pedlar|T. K.|"]),
        # Capitalised particles belong to the family name.
        ("M. De Napoli, Paolo Di Vecchia, M. Della Valle", ["De Napoli|M.|", "Di Vecchia|Paolo|", "Della Valle|M.|"]),
        # ... but "Van" before a Vietnamese family name is the middle name Văn (an ICLR 2023
        # author list).
        (
            "Jiangyuan Li, Thanh Van Nguyen, Chinmay Hegde, Raymond K. W. Wong",
            ["Li|Jiangyuan|", "Nguyen|Thanh Van|", "Hegde|Chinmay|", "Wong|Raymond K. W.|"],
        ),
        # "for the X collaboration", in parentheses or not, names the collaboration too.
        ("Jason Glyndwr Ulery (for the STAR Collaboration)", ["Ulery|Jason Glyndwr|", "{STAR Collaboration}"]),
        ("W. Trautmann and the ALADiN2000 Collaboration", ["Trautmann|W.|", "{ALADiN2000 Collaboration}"]),
        # Footnote marks are no part of a name.
        ("F. Tombesi$^{1}$, B. De Marco$^{2,3}$", ["Tombesi|F.|", "De Marco|B.|"]),
        ("F. Tombesi1,2, B. De Marco3 and K. Iwasawa*", ["Tombesi|F.|", "De Marco|B.|", "Iwasawa|K.|"]),
    ],
)  # fmt: skip
def test_author_line_classes(line: str, people: list[str]) -> None:
    assert _shown(split_authors(line)) == people


def test_affiliation_holds_for_the_names_before_it() -> None:
    """arXiv's convention: "A, B (Penn State)" puts both at Penn State (0704.0209)."""
    people = split_authors(
        "Sangwook Park, David N. Burrows, Gordon P. Garmire (Penn State), Richard McCray (Colorado)"
    )
    assert [p.affiliation for p in people] == ["Penn State"] * 3 + ["Colorado"]


AFFIL_CASES = json.loads((EXPECTED / "arxiv-browse-author-affil.json").read_text(encoding="utf-8"))
NAMES_DIFFER = {
    # "Vaziri" is on arXiv's particle list; nothing tells it from a middle name.
    "Ali Vaziri Astaneh, Federico Fuentes",
}
AFFILIATIONS_DIFFER = {
    # arXiv's parser drops affiliations written in nested parentheses; paperbib keeps them.
    "sum won ((lab a), (lab b))",
    "sum won ((lab a) (lab b))",
}


def _key(family: str, given: str) -> tuple[str, str]:
    return "".join(family.split()), "".join(given.split())


@pytest.mark.parametrize("case", AFFIL_CASES, ids=[c["authors"][:40] for c in AFFIL_CASES])
def test_arxivs_own_author_line_tests(case: dict[str, Any]) -> None:
    """The author lines of arXiv's own tests (arxiv-browse tests/test_author_affil.py) give
    the names and affiliations those tests expect, but where noted above."""
    line = case["authors"]
    people = split_authors(line)
    ours = [
        _key(p.literal, "") if p.literal else _key(f"{p.particle or ''} {p.family}", p.given or "")
        for p in people
    ]
    expected = [_key(e["family"], e["given"]) for e in case["expected"]]
    assert (ours == expected) is (line not in NAMES_DIFFER)
    if line not in AFFILIATIONS_DIFFER:
        assert [p.affiliation or "" for p in people] == [
            "; ".join(e["affiliations"]) for e in case["expected"]
        ]
