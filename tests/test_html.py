"""The html and hf-json readers: every fixture page pinned, each page kind checked on its own."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pybtex.database
import pytest

from paperbib import (
    Bibliography,
    Diagnostics,
    EntryKind,
    ParseError,
    PartialDate,
    Person,
    Source,
    loads,
)
from paperbib.cli import main
from paperbib.names import parse_name
from paperbib.readers.hf_json import HfJsonReader
from paperbib.readers.html import HtmlReader
from paperbib.registry import find_reader

from .conftest import DATA, dumps_noting, loads_checked

PAGES = sorted((DATA / "html").glob("*.html")) + sorted((DATA / "hf-json").glob("*.json"))
# One writer's output pinned per kind of page.
PINNED_WRITER = {
    "papers-daily-2024-08-01.html": "csl-json",
    "list-astro-ph.CO-recent-2026-07-24.raw.html": "bibtex",
    "abs-2106.09608-2021.html": "ris",
    "papis-SpringerLink_s10924_010_0192_1.html": "biblatex",
    "papis-USENIX_goyal.html": "bibtex",
    "api-papers-2605.13301.json": "bibtex",
}
SUFFIX = {"bibtex": ".bib", "biblatex": ".bib", "csl-json": ".json", "ris": ".ris"}


def read(path: Path) -> Bibliography:
    return loads_checked(path.read_bytes(), source=path.name)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_format_is_recognised(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = HtmlReader if path.suffix == ".html" else HfJsonReader
    assert find_reader(filename=path.name, text=text) is expected
    assert find_reader(text=text) is expected


EXPECTED = {
    # file: (entries, first title, first authors, year, doi, arxiv id, kind)
    "abs-1902.02534-head-only-2023.html": (
        1, "Crowdsourcing open citations with CROCI -- An analysis of the current status of open "
        "citations, and a proposal", ["Heibi, Ivan", "Peroni, Silvio", "Shotton, David"], 2019, None,
        "1902.02534", EntryKind.PREPRINT,
    ),
    "abs-2106.09608-2021.html": (
        1, "Learning Knowledge Graph-based World Models of Textual Environments",
        ["Ammanabrolu, Prithviraj", "Riedl, Mark O."], 2021, None, "2106.09608", EntryKind.PREPRINT,
    ),
    "list-astro-ph.CO-recent-2026-07-24.raw.html": (
        111, "Hubble tension: a short review of theoretical explanations",
        ["Wang, Jia-Qi", "Guo, Zong-Kuan"], 2026, None, "2607.21497", EntryKind.PREPRINT,
    ),
    "papers-daily-2024-08-01.html": (
        13, "The Llama 3 Herd of Models", None, 2024, None, "2407.21783", EntryKind.PREPRINT,
    ),
    "papis-ACL_2021.naacl-main.208.html": (
        1, "How many data points is a prompt worth?", ["Scao, Teven Le", "Rush, Alexander M."],
        2021, "10.18653/v1/2021.naacl-main.208", None, EntryKind.CONFERENCE_PAPER,
    ),
    "papis-SpringerLink_s10924_010_0192_1.html": (
        1, "In Vitro Cytotoxicity of Amylose-Based Bioplastic for Packaging Applications",
        ["Bandyopadhyay-Ghosh, Sanchita", "Jeng, Robert", "Mukherjee, Joydeep", "Sain, Mohini"],
        2010, "10.1007/s10924-010-0192-1", None, EntryKind.JOURNAL_ARTICLE,
    ),
    "papis-USENIX_goyal.html": (
        1, "Backpressure Flow Control",
        ["Goyal, Prateesh", "Shah, Preey", "Zhao, Kevin", "Nikolaidis, Georgios",
         "Alizadeh, Mohammad", "Anderson, Thomas E."], 2022, None, None, EntryKind.CONFERENCE_PAPER,
    ),
    "sandcrawler-first_monday_ojs3_landingpage.html": (
        1, "Surveillance, stigma & sociotechnical design for HIV",
        ["Liang, Calvin", "Hutson, Jevan Alexander", "Keyes, Os"], 2020, "10.5210/fm.v25i10.10274",
        None, EntryKind.JOURNAL_ARTICLE,
    ),
    "sandcrawler-nature_article.html": (
        1, "More than 100 scientific journals have disappeared from the Internet", ["Kwon, Diana"],
        2020, "10.1038/d41586-020-02610-z", None, EntryKind.JOURNAL_ARTICLE,
    ),
}  # fmt: skip


def _name(person: Person) -> str:
    return str(person) if person.literal else f"{person.family}, {person.given}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_what_each_page_says(name: str) -> None:
    count, title, authors, year, doi, arxiv, kind = EXPECTED[name]
    bib = read(DATA / "html" / name)
    first = bib.entries[0]
    assert len(bib) == count
    assert (
        first.title,
        first.date.year if first.date else None,
        first.doi,
        first.arxiv_id,
        first.kind,
    ) == (title, year, doi, arxiv, kind)
    if authors is not None:
        assert [_name(p) for p in first.authors] == authors


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csl-json", "ris"])
def test_every_writer_keeps_titles_authors_years_and_ids(path: Path, fmt: str) -> None:
    import bibtexparser
    import rispy

    bib = read(path)
    text = dumps_noting(bib, fmt)
    if fmt in ("bibtex", "biblatex"):
        library = bibtexparser.parse_string(text)
        assert library.failed_blocks == []
        pybtex_data = pybtex.database.parse_string(text, "bibtex")
        for entry, parsed in zip(bib, library.entries, strict=True):
            persons = pybtex_data.entries[parsed.key].persons.get("author", [])
            assert len(persons) == len(entry.authors)
            fields = parsed.fields_dict
            if entry.date:
                assert str(entry.date.year) in (fields.get("year") or fields["date"]).value
            if entry.arxiv_id:
                assert fields["eprint"].value == entry.arxiv_id
            if entry.doi:
                assert fields["doi"].value == entry.doi
    elif fmt == "csl-json":
        items = json.loads(text)
        for entry, item in zip(bib, items, strict=True):
            assert len(item.get("author", [])) == len(entry.authors)
            assert item.get("DOI") == (
                entry.doi or (f"10.48550/arXiv.{entry.arxiv_id}" if entry.arxiv_id else None)
            )
            if entry.date:
                assert item["issued"]["date-parts"][0][0] == entry.date.year
    else:
        records = rispy.loads(text)
        for entry, record in zip(bib, records, strict=True):
            assert len(record.get("authors", [])) == len(entry.authors)
            if entry.date:
                assert record["year"] == str(entry.date.year)
            if entry.arxiv_id:
                assert f"arXiv:{entry.arxiv_id}" in " ".join(record.get("notes", []))


# -- Hugging Face pages ----------------------------------------------------------

DAILY = DATA / "html" / "papers-daily-2024-08-01.html"


def _hf_page(target: str, props: object) -> str:
    value = html.escape(json.dumps(props), quote=True)
    return (
        "<!doctype html><html><body>"
        f'<div class="SVELTE_HYDRATER contents" data-target="{target}BannerSubscribe" data-props="{{}}"></div>'
        f'<div class="SVELTE_HYDRATER contents" data-target="{target}" data-props="{value}"></div>'
        "</body></html>"
    )


def test_single_paper_page() -> None:
    paper = json.loads(
        (DATA / "hf-json" / "api-papers-2605.13301.json").read_text(encoding="utf-8")
    )
    bib = loads_checked(_hf_page("PaperContent", {"paper": paper}), "html")
    (entry,) = bib
    assert entry.arxiv_id == "2605.13301"
    assert len(entry.authors) == 28
    assert entry.date == PartialDate(2026, 5, 13)
    assert entry.links == (
        "https://github.com/Simplified-Reasoning/SU-01",
        "https://simplified-reasoning.github.io/SU-01",
    )
    assert "\n" not in entry.abstract


def test_search_results_page_and_hidden_authors() -> None:
    papers = [
        {
            "id": "2401.00001",
            "title": "A\n  Wrapped Title",
            "summary": "Line one\nline two.\n\nSecond paragraph.",
            "publishedAt": "2024-01-02T03:04:05.000Z",
            "authors": [
                {"name": "Ada Lovelace", "hidden": False, "user": {"fullname": "Someone Else"}},
                {"name": "Charles Babbage", "hidden": True},
            ],
            "upvotes": 3,
        }
    ]
    (entry,) = loads_checked(_hf_page("DailyPapers", {"searchResults": papers}), "html")
    assert entry.title == "A Wrapped Title"
    assert entry.abstract == "Line one line two.\n\nSecond paragraph."
    assert [str(p) for p in entry.authors] == ["Ada Lovelace", "Charles Babbage"]


@pytest.mark.parametrize(
    "mutation",
    [
        pytest.param(
            lambda t: t.replace(
                'data-target="DailyPapers" data-props="', 'data-target="DailyPapers" data-props="{{'
            ),
            id="broken-json",
        ),
        pytest.param(
            lambda t: t.replace(
                'data-target="DailyPapers" data-props="', 'data-target="DailyPapers" data-gone="'
            ),
            id="missing-props",
        ),
    ],
)
def test_falls_back_to_the_cards(mutation: Any) -> None:
    text = mutation(DAILY.read_text(encoding="utf-8"))
    bib = loads_checked(text, "html", source="daily.html")
    assert len(bib) == 13
    first = bib.entries[0]
    assert (
        first.title,
        first.arxiv_id,
        first.extra.get("hf.upvotes"),
        first.extra.get("hf.authorcount"),
    ) == (
        "The Llama 3 Herd of Models",
        "2407.21783",
        94,
        533,
    )
    assert first.date == PartialDate(2024, 7)
    codes = [d.code for d in bib.diagnostics]
    assert codes[-1] == "cards-only"
    assert bib.diagnostics[-1].line is not None


# -- arXiv pages -------------------------------------------------------------------

SAVED_LISTING = """<!DOCTYPE html>
<html><head><title>Computation and Language new submissions</title></head><body>
<dl id="articles">
<h3>New submissions (showing 2 of 2 entries)</h3>
<dt><a name="item1">[1]</a> <a href="https://arxiv.org/abs/2411.03340" title="Abstract" id="2411.03340">arXiv:2411.03340</a>
 [<a href="https://arxiv.org/pdf/2411.03340" title="Download PDF">pdf</a>]</dt>
<dd><div class="meta">
<div class="list-title mathjax"><span class="descriptor">Title:</span> A $\\mathcal{O}(n)$ Method for  Moraz\\'an Graphs</div>
<div class="list-authors"><a href="https://arxiv.org/a/x">Marco T. Moraz\\'an</a>, <a href="https://arxiv.org/a/y">Ludwig van Beethoven</a></div>
<div class="list-comments mathjax"><span class="descriptor">Comments:</span> 12 pages</div>
<div class="list-subjects"><span class="descriptor">Subjects:</span> <span class="primary-subject">Computation and Language (cs.CL)</span>; Machine Learning (cs.LG)</div>
<p class="mathjax">We study graphs.
Code at https://github.com/x/y.</p>
</div></dd>
<dt><a href="https://arxiv.org/abs/math-ph/0509001v2" title="Abstract">arXiv:math-ph/0509001</a> (replaced)</dt>
<dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> Old Style</div>
<div class="list-authors"><a href="/a/z">A. Author</a></div>
<div class="list-journal-ref"><span class="descriptor">Journal-ref:</span> J. Math. Phys. 47 (2006) 1</div>
<div class="list-doi"><span class="descriptor">DOI:</span> <a href="https://doi.org/10.1063/1.2">10.1063/1.2</a></div>
<div class="list-subjects"><span class="descriptor">Subjects:</span> <span class="primary-subject">Mathematical Physics (math-ph)</span></div>
</div></dd>
</dl></body></html>
"""


def test_browser_saved_new_listing_with_abstracts() -> None:
    bib = loads_checked(SAVED_LISTING, source="cs-new.html")
    first, second = bib
    assert first.title == "A $\\mathcal{O}(n)$ Method for Moraz\\'an Graphs"
    assert [str(p) for p in first.authors] == ["Marco T. Morazán", "Ludwig van Beethoven"]
    assert first.categories == ("cs.CL", "cs.LG")
    assert first.abstract == "We study graphs. Code at https://github.com/x/y."
    assert first.links == ("https://github.com/x/y",)
    assert first.extra.get("arxiv.comments") == "12 pages"
    assert first.date == PartialDate(2024, 11)
    assert (second.arxiv_id, second.date, second.doi, second.journal_ref) == (
        "math-ph/0509001",
        PartialDate(2005, 9),
        "10.1063/1.2",
        "J. Math. Phys. 47 (2006) 1",
    )


def test_abstract_page_metadata_table() -> None:
    (entry,) = read(DATA / "html" / "abs-2106.09608-2021.html")
    assert entry.date == PartialDate(2021, 6, 17)  # v1, from the dateline
    assert entry.categories == ("cs.LG", "cs.AI", "cs.CL")
    assert (
        entry.extra.get("arxiv.comments")
        == "Camera read, in Proceedings of NeurIPS 2021 Main Conference"
    )
    assert entry.abstract.startswith(
        "World models improve a learning agent's ability to efficiently operate in interactive"
    )


# -- landing pages -------------------------------------------------------------------


def _page(head: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><p>Body</p></body></html>"


def test_report_with_institution_and_number() -> None:
    (entry,) = loads_checked(
        _page(
            '<meta name="citation_title" content="A Report">'
            '<meta name="citation_author" content="Doe, Jane">'
            '<meta name="citation_technical_report_institution" content="MIT CSAIL">'
            '<meta name="citation_technical_report_number" content="MIT-CSAIL-TR-2004-001">'
            '<meta name="citation_date" content="Apr 22, 2004">'
        ),
        "html",
    )
    assert (entry.kind, entry.institution, entry.report_number, entry.date) == (
        EntryKind.REPORT,
        "MIT CSAIL",
        "MIT-CSAIL-TR-2004-001",
        PartialDate(2004, 4, 22),
    )


def test_report_keeps_its_publisher() -> None:
    """A report page's publisher is read like any page's; without an institution tag it
    is also written as the institution (the normalise stage)."""
    head = (
        '<meta name="citation_title" content="A Report">'
        '<meta name="citation_author" content="Doe, Jane">'
        '<meta name="citation_technical_report_number" content="MIT-CSAIL-TR-2004-001">'
        '<meta name="citation_publisher" content="MIT Press">'
        '<meta name="citation_date" content="2004">'
    )
    (entry,) = loads_checked(
        _page(head + '<meta name="citation_technical_report_institution" content="MIT CSAIL">')
    )
    assert (entry.kind, entry.publisher, entry.institution) == (
        EntryKind.REPORT,
        "MIT Press",
        "MIT CSAIL",
    )
    bib = loads_checked(_page(head))
    assert (bib.entries[0].publisher, bib.entries[0].institution) == ("MIT Press", None)
    assert "institution = {MIT Press}" in dumps_noting(bib, "bibtex")


def test_json_ld_dataset_with_orcid_creators() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "Ocean Temperatures",
        "creator": [
            {
                "@type": "Person",
                "@id": "https://orcid.org/0000-0002-1825-0097",
                "givenName": "Josiah",
                "familyName": "Carberry",
            },
            {"@type": "Organization", "name": "NOAA Team"},
            {"@type": "Person", "name": "Grace Hopper"},
        ],
        "datePublished": "2019-04",
        "identifier": "https://doi.org/10.5061/dryad.x",
        "sameAs": "https://doi.org/10.5061/dryad.x",
        "publisher": {"@type": "Organization", "name": "Dryad"},
    }
    (entry,) = loads_checked(
        _page(f'<script type="application/ld+json">{json.dumps(ld)}</script>'), "html"
    )
    assert entry.kind is EntryKind.DATASET
    assert [str(p) for p in entry.authors] == ["Josiah Carberry", "NOAA Team", "Grace Hopper"]
    assert entry.authors[1].literal == "NOAA Team"
    assert (entry.date, entry.doi, entry.publisher) == (
        PartialDate(2019, 4),
        "10.5061/dryad.x",
        "Dryad",
    )


def test_opengraph_only_page_is_a_web_page() -> None:
    (entry,) = loads_checked(
        _page(
            '<meta property="og:title" content="A Blog Post">'
            '<meta property="og:description" content="What it says.">'
            '<meta property="og:url" content="https://blog.example.org/post">'
            '<meta property="og:site_name" content="Example Blog">'
            '<meta property="article:published_time" content="2023-05-06T07:08:09Z">'
        ),
        "html",
    )
    assert entry.source is Source.WEB
    assert (entry.kind, entry.title, entry.url, entry.extra, entry.abstract, entry.date) == (
        EntryKind.WEB_PAGE,
        "A Blog Post",
        "https://blog.example.org/post",
        {"web.site": "Example Blog"},
        "What it says.",
        PartialDate(2023, 5, 6),
    )


def test_highwire_wins_over_dublin_core_and_opengraph() -> None:
    (entry,) = loads_checked(
        _page(
            '<meta property="og:title" content="OG title">'
            '<meta name="DC.title" content="DC title">'
            '<meta name="citation_title" content="Highwire title">'
            '<meta name="DC.creator" content="Someone, Else">'
            '<meta name="citation_author" content="Real Author">'
            '<meta name="citation_author_institution" content="Somewhere University">'
            '<meta name="citation_author_email" content="a@example.org">'
            '<meta name="dc.identifier" content="doi:10.1000/ABC">'
            '<meta name="citation_publication_date" content="2004">'
        ),
        "html",
    )
    assert entry.title == "Highwire title"
    assert [str(p) for p in entry.authors] == ["Real Author"]
    assert entry.doi == "10.1000/ABC"
    assert entry.date == PartialDate(2004)


def test_page_without_any_title_has_no_entries() -> None:
    from paperbib import ParseError

    with pytest.raises(ParseError, match="no entries found"):
        loads("<html><body><p>nothing</p></body></html>", "html")


ATOM = DATA / "xml" / "api-2026-search-testing-m10.xml"


def test_xml_that_is_not_a_page_is_refused_not_read_as_one() -> None:
    """An arXiv API (Atom) response once became one bogus entry titled "arXiv Query: …"."""
    from paperbib import ParseError, UnknownFormatError

    text = ATOM.read_text(encoding="utf-8")
    assert not HtmlReader.sniff(text)
    with pytest.raises(UnknownFormatError, match=r"feed\.xml: cannot tell the input format"):
        find_reader(filename="feed.xml", text=text)
    with pytest.raises(ParseError, match=r"root element <feed>, not a web page"):
        loads(text, "html")


@pytest.mark.parametrize(
    "prologue",
    [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        "<?xml version='1.0'?><!-- saved -->\n<!DOCTYPE html PUBLIC "
        '"-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n',
    ],
)
def test_xhtml_is_still_a_web_page(prologue: str) -> None:
    page = (
        prologue + '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        '<meta name="citation_title" content="An XHTML paper"/>'
        '<meta name="citation_author" content="Doe, Jane"/>'
        '<meta name="citation_publication_date" content="2021/6"/></head><body/></html>'
    )
    assert find_reader(text=page) is HtmlReader
    (entry,) = loads(page).entries
    assert entry.title == "An XHTML paper"
    assert [str(p) for p in entry.authors] == ["Jane Doe"]


def test_diagnostics_name_the_json_path() -> None:
    props = {
        "dailyPapers": [
            {"paper": {"id": "2401.1", "title": "T", "authors": [{"x": 1}], "publishedAt": "nope"}}
        ]
    }
    report = Diagnostics("page.html")
    HtmlReader().read(_hf_page("DailyPapers", props), report)
    messages = [str(d) for d in report]
    assert messages == [
        "page.html:1: paper id '2401.1' is not an arXiv identifier "
        "(DailyPapers:$.dailyPapers[0].paper.id) [not-arxiv]",
        "page.html:1: author without a name skipped (DailyPapers:$.dailyPapers[0].paper.authors[0]) [bad-author]",
        "page.html:1: paper has no usable publishedAt (DailyPapers:$.dailyPapers[0].paper.publishedAt) [missing-date]",
    ]


# -- names ---------------------------------------------------------------------------

NAMES = [
    "Ludwig van Beethoven", "van Beethoven, Ludwig", "Riedl, Mark O.", "Mark O. Riedl",
    "Jean-Pierre de Gennes", "de la Fontaine, Jean", "Juan de la Cruz", "Plato",
    "King, Jr., Martin Luther", "Bandyopadhyay-Ghosh, Sanchita", "R. T. Génova-Santos",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_names_split_as_pybtex_splits_them(name: str) -> None:
    ours = parse_name(name)
    theirs = pybtex.database.Person(name)
    assert ours is not None
    assert ours.family == " ".join(theirs.last_names)
    assert (ours.given or "") == " ".join(theirs.first_names + theirs.middle_names)
    assert (ours.particle or "") == " ".join(theirs.prelast_names)
    assert (ours.suffix or "") == " ".join(theirs.lineage_names)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Martin Luther King Jr.", Person(family="King", given="Martin Luther", suffix="Jr.")),
        ("King, Martin, Jr.", Person(family="King", given="Martin", suffix="Jr.")),
        ("LiteBIRD Collaboration", Person(literal="LiteBIRD Collaboration")),
        ("{Google DeepMind}", Person(literal="Google DeepMind")),
        ("Moraz\\'an, Marco", Person(family="Morazán", given="Marco")),
        ("   ", None),
    ],
)
def test_name_forms(text: str, expected: Person | None) -> None:
    assert parse_name(text) == expected


def test_declared_charset_is_used() -> None:
    page = _page(
        '<meta charset="shift_jis"><meta name="citation_title" content="日本語の論文">'
        '<meta name="citation_date" content="2020">'
    )
    bib = loads_checked(page.encode("shift_jis"))
    assert bib.entries[0].title == "日本語の論文"
    assert bib.diagnostics == ()


# -- pages that are not papers; metadata in more places (issue #16) ------------------------

NOT_PAPERS = DATA / "not-papers"
CLOUDFLARE = NOT_PAPERS / "cloudflare-challenge-2023-06-18.html"


def _body_page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _read(page: str) -> tuple[list[Any], list[str]]:
    """The entries of *page* and the codes of its diagnostics."""
    report = Diagnostics("page.html")
    entries = HtmlReader().read(page, report)
    return entries, [d.code for d in report]


def test_bot_check_page_is_an_error_and_no_entry() -> None:
    with pytest.raises(ParseError, match=r'a bot-check page \("Just a moment\.\.\."\)'):
        loads(CLOUDFLARE.read_bytes(), "html", source=CLOUDFLARE.name)


def test_bot_check_page_fails_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "refs.bib"
    assert main(["convert", str(CLOUDFLARE), "-o", str(out)]) == 1
    error = capsys.readouterr().err
    assert "a bot-check page" in error
    assert "Traceback" not in error
    assert not out.exists()


@pytest.mark.parametrize(
    ("page", "what"),
    [
        (
            _body_page(
                "<title>Sign in to your account</title>",
                '<form><input name="user"><input type="password" name="pass"></form>',
            ),
            "a login page",
        ),
        (_body_page("<title>404 Not Found</title>", "<h1>Not Found</h1>"), "an error page"),
        (_body_page("<title>Error 403 - Forbidden</title>", "<p>nginx</p>"), "an error page"),
        (_body_page("<title>Page not found | First Monday</title>", ""), "an error page"),
        (_body_page("<title>500 Internal Server Error</title>", ""), "an error page"),
        (_body_page("<title>503</title>", "<h1>Service Unavailable</h1>"), "an error page"),
        (_body_page("<title>Attention Required! | Cloudflare</title>", ""), "a bot-check page"),
    ],
    ids=["login", "404", "403", "not-found", "500", "503", "cloudflare-block"],
)
def test_login_and_error_pages_are_errors(page: str, what: str) -> None:
    """Constructed pages in the shapes such pages take (no real one is kept as test data)."""
    with pytest.raises(ParseError, match=f"this is {what}"):
        loads(page, "html", source="page.html")


@pytest.mark.parametrize(
    "title", ["500 Ways to Cite a Paper", "404 Things Every Reviewer Misses", "410 Gone Fishing"]
)
def test_a_title_that_starts_with_a_status_number_is_no_error_page(title: str) -> None:
    """Only a status number alone or followed by the status's name makes an error page."""
    (entry,), codes = _read(_body_page(f"<title>{title}</title>", f"<h1>{title}</h1>"))
    assert (entry.kind, entry.title) == (EntryKind.WEB_PAGE, title)
    assert "not-a-paper" not in codes


def test_a_paper_page_with_a_login_form_is_a_paper() -> None:
    """Scholarly metadata wins: a publisher page with a sign-in box and an odd title reads."""
    page = _body_page(
        '<title>Access Denied</title><meta name="citation_title" content="A Re-Read Title">'
        '<meta name="citation_date" content="2020">',
        '<form><input type="password"></form>',
    )
    (entry,) = loads_checked(page)
    assert entry.title == "A Re-Read Title"


ZENODO_LD = {
    "@context": "http://schema.org",
    "@id": "https://doi.org/10.5281/zenodo.1227121",
    "@type": "https://schema.org/Dataset",
    "identifier": "https://doi.org/10.5281/zenodo.1227121",
    "name": "DEMAND: a collection of multi-channel recordings of acoustic noise in diverse environments",
    "creator": [
        {
            "name": "Thiemann, Joachim",
            "givenName": "Joachim",
            "familyName": "Thiemann",
            "affiliation": [{"@type": "Organization", "name": "IRISA-CNRS"}],
            "@id": "https://orcid.org/0000-0002-8617-8330",
            "@type": "Person",
        }
    ],
    "publisher": {"@type": "Organization", "name": "Zenodo"},
    "keywords": "Noise, Multichannel Audio, Microphone Array",
    "dateCreated": "2018-04-24T10:46:21.267306+00:00",
    "datePublished": "2013-06-09",
    "url": "https://zenodo.org/records/1227121",
}
"""Zenodo's JSON-LD for record 1227121 in its current form, with full-address types."""


def test_json_ld_types_written_as_full_addresses() -> None:
    page = _page(f'<script type="application/ld+json">{json.dumps(ZENODO_LD)}</script>')
    (entry,) = loads_checked(page)
    assert entry.kind is EntryKind.DATASET
    assert entry.date == PartialDate(2013, 6, 9)
    assert entry.doi == "10.5281/zenodo.1227121"
    assert entry.authors == (Person(family="Thiemann", given="Joachim"),)
    assert entry.publisher == "Zenodo"


def test_json_ld_doi_in_id_when_same_as_is_another_address() -> None:
    """Each of ``sameAs``, ``@id`` and ``url`` is searched for a DOI, not only the first."""
    ld = {**ZENODO_LD, "sameAs": "https://www.wikidata.org/wiki/Q1"}
    page = _page(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    (entry,) = loads_checked(page)
    assert entry.doi == "10.5281/zenodo.1227121"


def test_json_ld_keys_written_as_full_addresses() -> None:
    ld = {
        "@type": "https://schema.org/ScholarlyArticle",
        "https://schema.org/name": ZENODO_LD["name"],
        "https://schema.org/datePublished": "2013-06-09",
    }
    page = _page(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    (entry,) = loads(page, "html")
    assert (entry.title, entry.date) == (ZENODO_LD["name"], PartialDate(2013, 6, 9))


def test_authors_only_in_dc_contributor() -> None:
    (entry,) = loads_checked(
        _page(
            '<meta name="DC.Title" content="Surveillance, stigma &amp; sociotechnical design for HIV">'
            '<meta name="DC.Contributor" content="Liang, Calvin">'
            '<meta name="DC.Contributor" content="Hutson, Jevan Alexander">'
            '<meta name="DC.Date" content="2020-09-10">'
        )
    )
    assert [str(p) for p in entry.authors] == ["Calvin Liang", "Jevan Alexander Hutson"]


def test_creators_win_over_contributors() -> None:
    (entry,) = loads_checked(
        _page(
            '<meta name="DC.Title" content="Surveillance, stigma &amp; sociotechnical design for HIV">'
            '<meta name="DC.Creator" content="Liang, Calvin">'
            '<meta name="DC.Contributor" content="Keyes, Os">'
            '<meta name="DC.Date" content="2020-09-10">'
        )
    )
    assert [str(p) for p in entry.authors] == ["Calvin Liang"]


def test_site_name_as_the_journal_only_for_an_article_with_volume_or_pages() -> None:
    head = (
        '<meta name="citation_title" content="Surveillance, stigma &amp; sociotechnical design">'
        '<meta name="citation_author" content="Liang, Calvin">'
        '<meta name="citation_date" content="2020/09/10">'
        '<meta property="og:site_name" content="First Monday">'
    )
    (entry,), codes = _read(_page(head + '<meta name="citation_volume" content="25">'))
    assert (entry.kind, entry.container_title) == (EntryKind.JOURNAL_ARTICLE, "First Monday")
    assert codes == ["container-from-site"]
    (entry,) = loads_checked(_page(head))
    assert (entry.kind, entry.container_title) == (EntryKind.MISC, None)


@pytest.mark.parametrize(
    ("tag", "doi"),
    [
        ('<meta property="og:url" content="https://doi.org/10.1045/may2017-vanhyning">', "10.1045/may2017-vanhyning"),
        ('<link rel="canonical" href="https://dx.doi.org/10.1045/may2017-vanhyning">', "10.1045/may2017-vanhyning"),
        ('<meta id="DOI" content="10.1045/may2017-vanhyning">', "10.1045/may2017-vanhyning"),
        # A publisher's own address is not taken for a DOI, even when its path looks like one.
        ('<link rel="canonical" href="https://link.springer.com/article/10.1007/s10924-010-0192-1">', None),
    ],
    ids=["og:url", "canonical", "meta-id", "publisher-address"],
)  # fmt: skip
def test_doi_from_addresses_and_meta_id(tag: str, doi: str | None) -> None:
    page = _page(
        f"<title>Transforming Libraries and Archives through Crowdsourcing</title>{tag}"
        '<meta itemprop="datePublished" content="2017-05-15">'
    )
    (entry,) = loads(page, "html")
    assert entry.doi == doi
    assert entry.date == PartialDate(2017, 5, 15)


def test_dlib_page_doi_and_date_from_meta_ids_and_microdata() -> None:
    """The D-Lib page of sandcrawler's tests: ``<meta id="DOI">`` and ``itemprop`` only."""
    path = DATA / "html" / "sandcrawler-dlib_05vanhyning.extract.html"
    bib = loads(path.read_bytes(), "html", source=path.name)
    (entry,) = bib
    assert (entry.doi, entry.date) == ("10.1045/may2017-vanhyning", PartialDate(2017, 5, 15))
    assert entry.kind is EntryKind.MISC  # a DOI makes it a work, not a web page
    assert "missing-date" not in {d.code for d in bib.diagnostics}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "<title>In <em>Vitro</em> Cytotoxicity of Amylose-Based Bioplastic | Journal of Polymers and the Environment</title>",
            "In Vitro Cytotoxicity of Amylose-Based Bioplastic",
        ),
        (
            "<title>In &lt;i&gt;Vitro&lt;/i&gt; Cytotoxicity of Amylose-Based Bioplastic - Journal of Polymers and the Environment</title>",
            "In Vitro Cytotoxicity of Amylose-Based Bioplastic",
        ),
        (
            "<title>Journal of Polymers and the Environment | Amylose-Based Bioplastic</title>",
            "Amylose-Based Bioplastic",
        ),
        (
            "<title>Reduction of CO&lt;sub&gt;2&lt;/sub&gt; - Journal of Polymers and the Environment</title>",
            "Reduction of CO$_{2}$",
        ),
        # A dash that does not come before the site's name stays.
        ("<title>BERT - Pre-training of Deep Bidirectional Transformers</title>", "BERT - Pre-training of Deep Bidirectional Transformers"),
    ],
    ids=["em", "escaped-i", "site-first", "sub", "no-site"],
)  # fmt: skip
def test_title_tag_without_markup_and_site_name(title: str, expected: str) -> None:
    page = _page(
        f'{title}<meta name="citation_journal_title" content="Journal of Polymers and the Environment">'
        '<meta name="citation_date" content="2010/09">'
    )
    (entry,), _ = _read(page)
    assert entry.title == expected


def test_month_and_publisher_from_the_bibtex_block_shown_on_the_page() -> None:
    """USENIX shows a BibTeX entry in the page; its month and publisher fill what the meta
    tags lack, and nothing they give is overridden."""
    (entry,) = loads_checked((DATA / "html" / "papis-USENIX_goyal.html").read_bytes())
    assert entry.date == PartialDate(2022, 4)
    assert entry.publisher == "USENIX Association"
    assert entry.pages == "779-805"  # from citation_firstpage/lastpage, not the block


def test_missing_author_is_reported_for_articles() -> None:
    _, codes = _read(
        _page(
            '<meta name="citation_title" content="More than 100 scientific journals have disappeared">'
            '<meta name="citation_journal_title" content="Nature">'
            '<meta name="citation_date" content="2020/09/10">'
        )
    )
    assert codes == ["missing-author"]


def test_papers_page_2026_layout_date_string() -> None:
    """The 2026 layout gives the day of the list only as ``dateString``."""
    bib = loads_checked((DATA / "html" / "constructed-hf-papers-2026-layout.html").read_bytes())
    assert {entry.accessed for entry in bib} == {PartialDate(2026, 8, 21)}
