"""Bad and hostile input: nothing lost, clear errors, no traceback, nothing executed, bounded cost."""

from __future__ import annotations

import html
import json
import os
import re
import resource
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from paperbib import PaperbibWarning, PartialDate, convert
from paperbib.cli import main

from .conftest import DATA, SEED_AS_OF

NOT_INPUTS = {"csl-data.json", "hf-papers-2025-12-09.records.json"}  # a schema, test records
FIXTURES = sorted(
    p
    for p in DATA.rglob("*")
    if p.suffix in {".txt", ".html", ".json", ".eml", ".abs"}
    and p.name not in NOT_INPUTS
    and not {"expected", "not-papers", "resolve"} & set(p.relative_to(DATA).parts)
)
"""Inputs with papers in them: not the expected metadata, not the pages that stand in for one."""


def independent_count(path: Path) -> int:
    """How many papers a fixture holds, counted without paperbib."""
    text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    if path.suffix in (".eml", ".abs") or path.name.endswith(".abs.txt"):
        return len(re.findall(r"^(?:arXiv:|Paper:)", text, re.MULTILINE))
    if path.suffix == ".txt":
        return text.count("\n·\n")
    if path.suffix == ".json":
        data = json.loads(text)
        return len(data) if isinstance(data, list) else 1
    if 'data-target="DailyPapers"' in text:
        found = re.search(r'data-target="DailyPapers" data-props="([^"]*)"', text)
        assert found is not None
        return len(json.loads(html.unescape(found.group(1)))["dailyPapers"])
    if "<dl id='articles'>" in text or '<dl id="articles">' in text:
        return text.count("<dt>")
    return 1


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_paper_is_written_or_reported(path: Path, tmp_path: Path) -> None:
    """Conservation: entries in = written + merged + dropped, and each of the last two is reported."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        options = {"as_of": SEED_AS_OF} if path.parent == DATA else {}
        result = convert([path], tmp_path / "out.bib", reader_options=options)
    assert result.entries_read == independent_count(path)
    assert (
        result.entries_read
        == result.entries_written + result.entries_merged + result.entries_dropped
    )
    codes = [d.code for d in result.diagnostics]
    assert codes.count("merged") == result.entries_merged


def test_damaged_digest_conserves_entries(tmp_path: Path) -> None:
    """A card that lost its title is dropped and reported; a repeated card is merged and reported."""
    text = (DATA / "hf-papers-2025-12-09.txt").read_text(encoding="utf-8")
    cards = text.split("\n\n")
    # Remove the title and abstract of card 5 (blocks 6+3*4, …), repeat card 2 at the end.
    damaged = "\n\n".join(cards[:18] + cards[20:] + cards[9:12])
    path = tmp_path / "damaged.txt"
    path.write_text(damaged, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        result = convert([path], tmp_path / "out.bib", reader_options={"as_of": SEED_AS_OF})
    assert (
        result.entries_read,
        result.entries_written,
        result.entries_merged,
        result.entries_dropped,
    ) == (40, 38, 1, 1)
    assert sorted({d.code for d in result.diagnostics} - {"year-inferred"}) == [
        "merged",
        "orphan-meta",
    ]


# -- errors, not tracebacks ------------------------------------------------------------------


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "in.txt", "in.txt: input is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "in.png", "in.png: binary data, not text"),
        (b"just,some,columns\n1,2,3\n", "in.dat", "in.dat: cannot tell the input format"),
        (
            (DATA / "xml" / "api-2026-search-testing-m10.xml").read_bytes(),
            "feed.xml",
            "feed.xml: cannot tell the input format",
        ),
        (
            b"\xff\xfeA\x00\x00\xd8",
            "in.txt",
            "in.txt: starts with a utf-16-le byte order mark but is not valid",
        ),
        (
            b'[{"paper": ',
            "in.json",
            "in.json: not recognised as any input format that uses '.json' (csl-json, hf-json)",
        ),
    ],
)
def test_unreadable_input_is_one_line_and_exit_1(
    tmp_path: Path, capsys: Any, content: bytes, name: str, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "out.bib").write_text("keep\n")
    code, err = run_cli(["convert", str(tmp_path / name), "-o", str(tmp_path / "out.bib")], capsys)
    assert code == 1
    assert message in err
    assert err.count("\n") <= 2  # the error, and at most the diagnostics that led to it
    assert "Traceback" not in err
    assert (tmp_path / "out.bib").read_text() == "keep\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "out.bib"])


def test_directory_as_input(tmp_path: Path, capsys: Any) -> None:
    code, err = run_cli(["convert", str(tmp_path)], capsys)
    assert code == 1
    assert err == f"paperbib: error: {tmp_path}: Is a directory\n"


def test_directory_as_output_leaves_nothing_behind(tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "out").mkdir()
    code, err = run_cli(
        ["convert", str(DATA / "hf-papers-2025-12-09.txt"), "-q", "-o", str(tmp_path / "out")],
        capsys,
    )
    assert code == 2  # refused before any input is read
    assert "is a directory" in err
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert list((tmp_path / "out").iterdir()) == []


# -- recovery ---------------------------------------------------------------------------------


def test_truncated_json_keeps_complete_records() -> None:
    from .conftest import loads_checked

    text = (DATA / "hf-json" / "api-daily_papers-2026-08-21.json").read_text(encoding="utf-8")
    bib = loads_checked(text[:60000], "hf-json", source="cut.json")
    assert len(bib) == 8
    assert [str(d) for d in bib.diagnostics] == [
        "cut.json:976: JSON list damaged or cut short after 8 complete item(s); the rest is lost "
        "[truncated-input]"
    ]


def test_truncated_hugging_face_pages() -> None:
    """Cut among the cards, the page data is whole; cut inside the data, nothing is readable."""
    from paperbib import ParseError

    from .conftest import loads_checked

    text = (DATA / "html" / "papers-daily-2024-08-01.html").read_text(encoding="utf-8")
    cut = text[: text.index("Expressive Whole-Body 3D Gaussian Avatar</a></h3>")]
    assert len(loads_checked(cut, "html", source="cut.html")) == 13
    inside = text[: text.index("Tora: Trajectory-oriented")]
    with pytest.raises(ParseError, match=r"cut.html: no entries found \(read as html\)"):
        loads_checked(inside, "html", source="cut.html")


def test_impossible_dates_are_reported_and_the_entry_kept() -> None:
    from .conftest import loads_checked

    record = (
        "\\\\\narXiv:2411.00001\nDate: Fri, 30 Feb 2024 00:16:29 GMT   (1kb)\n\n"
        "Title: T\nAuthors: A. One\nCategories: cs.CV\n\\\\ ( https://arxiv.org/abs/2411.00001 ,  1kb)\n"
    )
    (entry,) = bib = loads_checked(record, "arxiv", source="m.txt")
    assert entry.date == PartialDate(2024, 11)
    assert [d.code for d in bib.diagnostics] == ["bad-date"]
    page = '<html><head><meta name="citation_title" content="T"><meta name="citation_date" content="2021/02/30"></head></html>'
    (entry,) = bib = loads_checked(page, "html", source="p.html")
    assert entry.date is None
    assert [str(d) for d in bib.diagnostics] == [
        "p.html:1: t: no real date in citation_date='2021/02/30'; kept without a date [bad-date]"
    ]


@pytest.mark.parametrize("authors", [5, "A. One", {"name": "A. One"}])
def test_authors_that_are_not_a_list_are_reported_and_the_entry_kept(authors: object) -> None:
    from .conftest import loads_checked

    paper = {"id": "2101.00001", "title": "X", "authors": authors, "publishedAt": "2021-01-04"}
    (entry,) = bib = loads_checked(json.dumps([{"paper": paper}]), "hf-json", source="p.json")
    assert (entry.title, entry.arxiv_id, entry.authors) == ("X", "2101.00001", ())
    assert [str(d) for d in bib.diagnostics] == [
        "p.json:$[0].paper: x2021: authors is not a list; read without authors "
        "($[0].paper.authors) [bad-author]"
    ]


# -- hostile pages: bounded time and memory, no file disclosure --------------------------------

MEMORY_LIMIT = 1 << 30  # 1 GiB of address space for the whole process
TIME_LIMIT = 120  # seconds; a hang fails the test, a slow run does not matter here


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_isolated(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """paperbib in a child process with 1 GiB of memory; returns its result."""
    return subprocess.run(
        [sys.executable, "-m", "paperbib", "convert", str(path), "-t", "csl-json", *extra],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def _deep(n: int) -> str:
    return (
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * n
        + "x"
        + "</div>" * n
        + "</body></html>"
    )


def _big() -> str:
    card = '<meta name="citation_keywords" content="{}">'.format("word " * 50)
    return (
        '<html><head><meta name="citation_title" content="Big">'
        + card * 190_000
        + "</head><body></body></html>"
    )


HOSTILE: dict[str, Callable[[Path], str]] = {
    "xxe": lambda tmp: (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{tmp}/secret.txt">]>'
        '<html><head><meta name="citation_title" content="Leak &xxe; here"><title>&xxe;</title></head>'
        "<body>&xxe;</body></html>"
    ),
    "billion-laughs": lambda tmp: (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + ']><html><head><title>&lol9;</title><meta name="citation_title" content="&lol9;"></head></html>'
    ),
    "deep-nesting": lambda tmp: _deep(200_000),
    "fifty-megabytes": lambda tmp: _big(),
    "broken-props": lambda tmp: (
        '<html><body><div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="'
        + html.escape("[" * 100_000, quote=True)
        + '"></div><article><h3><a href="/papers/2401.00001">Card Title</a></h3>'
        '<div class="leading-none">5</div> · 3 authors</article></body></html>'
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_page(case: str, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("TOP-SECRET-CONTENT\n")
    page = tmp_path / "page.html"
    page.write_text(HOSTILE[case](tmp_path), encoding="utf-8")
    if case == "fifty-megabytes":
        assert page.stat().st_size > 50_000_000
    proc = run_isolated(page, "-q", "-o", str(tmp_path / "out.json"))
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    assert "internal error" not in proc.stderr
    out = tmp_path / "out.json"
    if proc.returncode == 0:
        text = out.read_text(encoding="utf-8")
        assert "TOP-SECRET-CONTENT" not in text
        assert "lollollol" not in text  # entities were not expanded
        items = json.loads(text)
        assert len(items) >= 1
        if case == "broken-props":
            assert items[0]["title"] == "Card Title"
    else:
        assert proc.stderr.startswith("paperbib: error: ")
        assert not out.exists()
