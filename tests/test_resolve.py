"""Resolving entries online against the local stand-in; the lock file; matching rules; manners."""

from __future__ import annotations

import io
import json
import re
import socket
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

from paperbib import (
    Entry,
    PaperbibWarning,
    PartialDate,
    Person,
    UnknownFormatError,
    convert,
    load,
)
from paperbib.cli import main
from paperbib.registry import RESOLVERS_GROUP, default_registry
from paperbib.resolve import hf, http
from paperbib.resolve.http import Client
from paperbib.resolve.lock import Lock, LockError
from paperbib.resolve.match import judge, normal_title, pick
from paperbib.resolve.record import Record, ResolveError

from .conftest import SEED, SEED_AS_OF
from .standin import Answer, StandIn, hf_paper, load_records

ROOT = Path(__file__).parent.parent
EXAMPLE_LOCK = ROOT / "examples" / "hf-papers-2025-12-09.lock"
RECORDS = load_records()
AS_OF = {"as_of": SEED_AS_OF}


def resolve_seed(out: Path, **options: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return convert([SEED], out, reader_options=AS_OF, **options)


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Pauses the HTTP client would take, recorded instead of slept."""
    taken: list[float] = []
    monkeypatch.setattr(http, "_pause", taken.append)
    return taken


# -- the bundled example ----------------------------------------------------------------------


def test_every_paper_of_the_example_resolves_with_its_real_names_and_ids(
    standin: StandIn, tmp_path: Path
) -> None:
    result = resolve_seed(tmp_path / "refs.bib", resolve=True)
    summary = result.resolved
    assert (summary.resolved, summary.papers, summary.unresolved) == (39, 39, ())
    assert dict(summary.by_source) == {"hf": 39, "arxiv": 39}
    lock = Lock.parse((tmp_path / "refs.lock").read_text(encoding="utf-8"))
    by_arxiv = {block.arxiv: block for block in lock}
    assert sorted(by_arxiv) == sorted(r["arxiv"] for r in RECORDS)
    for record in RECORDS:
        block = by_arxiv[record["arxiv"]]
        assert list(block.authors) == record["authors"]
        assert normal_title(block.title) == normal_title(record["digest_title"])
        assert block.doi == (record["doi"] or "")


def test_cost_is_one_hf_search_per_paper_and_one_arxiv_batch(
    standin: StandIn, tmp_path: Path
) -> None:
    result = resolve_seed(tmp_path / "refs.bib", resolve=True)
    assert len(standin.requests("/api/papers/search")) == 39
    assert len(standin.requests("/api/query")) == 1
    assert len(standin.log) == result.resolved.requests == 40


def test_a_second_run_with_the_server_stopped_gives_the_same_bytes(
    standin: StandIn, tmp_path: Path
) -> None:
    resolve_seed(tmp_path / "refs.bib", resolve=True)
    first = (tmp_path / "refs.bib").read_bytes(), (tmp_path / "refs.lock").read_bytes()
    standin.stop()
    for options in ({}, {"resolve": True}, {"resolve": True, "offline": True}):
        result = resolve_seed(tmp_path / "refs.bib", **options)
        assert result.resolved.requests == 0
        assert result.resolved.locked == 39
        assert (tmp_path / "refs.bib").read_bytes() == first[0]
        assert (tmp_path / "refs.lock").read_bytes() == first[1]
    for fmt in ("json", "ris"):
        resolve_seed(tmp_path / f"refs.{fmt}", lock=tmp_path / "refs.lock")
        assert b"Schramowski" in (tmp_path / f"refs.{fmt}").read_bytes()


def test_without_resolve_or_with_offline_no_request_is_made(
    standin: StandIn, tmp_path: Path
) -> None:
    result = resolve_seed(tmp_path / "refs.bib", resolve=True, offline=True)
    assert standin.log == []
    assert len(result.resolved.unresolved) == 39
    assert {reason for _, reason in result.resolved.unresolved} == {"offline (--offline)"}
    assert not (tmp_path / "refs.lock").exists()
    resolve_seed(tmp_path / "refs.bib", lock=EXAMPLE_LOCK)
    assert standin.log == []


def test_the_shipped_example_lock_is_what_the_resolver_makes(
    standin: StandIn, tmp_path: Path
) -> None:
    resolve_seed(tmp_path / "refs.bib", resolve=True)

    def without_dates(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("retrieved = ")]

    made = (tmp_path / "refs.lock").read_text(encoding="utf-8")
    assert without_dates(made) == without_dates(EXAMPLE_LOCK.read_text(encoding="utf-8"))


def test_the_example_lock_gives_citable_entries_offline() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        bib = load(SEED, as_of=SEED_AS_OF, lock=EXAMPLE_LOCK)
    assert len(bib) == 39
    assert all(entry.authors and entry.arxiv_id for entry in bib)
    assert [e.arxiv_id for e in bib] == [r["arxiv"] for r in RECORDS]


# -- faults --------------------------------------------------------------------------------


def one_card(record: dict[str, Any], count: int | None = None) -> str:
    """A digest card for *record*, as the page shows it."""
    authors = count if count is not None else record["digest_author_count"]
    return (
        f"{record['digest_title']}\n\nAbstract.\n\n  • {authors} authors\n·\n"
        f"{_month_day(record['digest_date'])}\n"
    )


def _month_day(iso: str) -> str:
    year, month, day = iso.split("-")
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    return f"{months[int(month) - 1]} {int(day)}, {year}"


def resolve_cards(text: str, tmp_path: Path, **options: Any) -> Any:
    source = tmp_path / "page.txt"
    source.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        options.setdefault("resolve", True)
        return convert([source], tmp_path / "refs.bib", **options)


FIRST = RECORDS[0]  # Pre-Trained Language Models for Interactive Decision-Making, 14 authors


def test_429_with_retry_after_is_honoured(
    standin: StandIn, tmp_path: Path, pauses: list[float]
) -> None:
    standin.fail("/api/papers/search", Answer(429, b"slow down", {"Retry-After": "7"}))
    result = resolve_cards(one_card(FIRST), tmp_path)
    assert result.resolved.resolved == 1
    assert pauses == [7.0]
    assert len(standin.requests("/api/papers/search")) == 2


def test_503_then_success_backs_off(standin: StandIn, tmp_path: Path, pauses: list[float]) -> None:
    standin.fail("/api/query", Answer(503), Answer(502))
    result = resolve_cards(one_card(FIRST), tmp_path)
    assert result.resolved.resolved == 1
    assert pauses == [1.0, 2.0]
    assert "arxiv" in (tmp_path / "refs.lock").read_text()


def test_a_server_that_keeps_failing_leaves_the_paper_unresolved(
    standin: StandIn, tmp_path: Path, pauses: list[float]
) -> None:
    standin.answer("/api/papers/search", Answer(500, b"oops"))
    standin.answer("/api/query", Answer(500, b"oops"))
    result = resolve_cards(one_card(FIRST), tmp_path)
    ((_, reason),) = result.resolved.unresolved
    assert "hf: " in reason
    assert "HTTP 500" in reason
    assert pauses == [1.0, 2.0, 4.0, 1.0, 2.0, 4.0]
    codes = [d.code for d in result.diagnostics]
    assert codes.count("unresolved") == 1
    assert "[unresolved: " in (tmp_path / "refs.lock").read_text().replace("status = ", "[")


def test_a_timeout_is_a_diagnostic_not_a_traceback(
    standin: StandIn, tmp_path: Path, pauses: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(http, "TIMEOUT", 0.2)
    standin.answer("/api/papers/search", Answer(body=b"[]", stall=1.0))
    standin.answer("/api/query", Answer(body=b"<feed/>", stall=1.0))
    result = resolve_cards(one_card(FIRST), tmp_path)
    ((_, reason),) = result.resolved.unresolved
    assert "no answer" in reason
    assert result.written


def test_an_answer_cut_short_is_retried_then_an_error(standin: StandIn) -> None:
    standin.answer("/api/papers/x", Answer(body=b"0123456789", length=100))
    waited: list[float] = []
    with pytest.raises(ResolveError, match=r"/api/papers/x: .*10 bytes read, 90 more expected"):
        Client(sleep=waited.append).get(f"{standin.url}/api/papers/x")
    assert waited == [1.0, 2.0, 4.0]
    assert len(standin.requests("/api/papers/x")) == 4


def test_answers_cut_short_leave_the_paper_unresolved_not_an_internal_error(
    standin: StandIn, tmp_path: Path, pauses: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    standin.fail("/api/papers/search", Answer(body=b"[", length=100))
    assert resolve_cards(one_card(FIRST), tmp_path).resolved.resolved == 1  # the retry answers
    assert pauses == [1.0]
    standin.answer("/api/papers/search", Answer(body=b"[", length=100))
    standin.answer("/api/query", Answer(body=b"<feed", length=100))
    page = tmp_path / "page.txt"
    out = tmp_path / "cut.bib"
    assert main(["convert", str(page), "-o", str(out), "--resolve"]) == 0
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert "not resolved: hf: " in err
    assert "more expected" in err
    assert out.exists()


@pytest.mark.parametrize(
    ("path", "body", "words"),
    [
        ("/api/papers/search", b'[{"paper": {"id": "2202.01771", "tit', "not valid JSON"),
        ("/api/query", b"<feed><entry><title>cut", "not valid XML"),
    ],
)
def test_malformed_answers_are_reported(
    standin: StandIn, tmp_path: Path, path: str, body: bytes, words: str
) -> None:
    standin.answer(path, Answer(body=body))
    result = resolve_cards(one_card(FIRST), tmp_path)
    messages = " ".join(d.message for d in result.diagnostics)
    assert words in messages


def test_a_candidate_whose_authors_are_not_a_list_is_read_without_authors(
    standin: StandIn, tmp_path: Path
) -> None:
    items = [{"paper": dict(hf_paper(FIRST), authors=5)}]
    standin.answer("/api/papers/search", Answer(body=json.dumps(items).encode()))
    result = resolve_cards(one_card(FIRST), tmp_path)
    assert dict(result.resolved.by_source) == {"hf": 1, "arxiv": 1}
    (block,) = Lock.parse((tmp_path / "refs.lock").read_text(encoding="utf-8"))
    assert list(block.authors) == FIRST["authors"]  # arXiv's, as Hugging Face gave none


def test_an_empty_answer_means_not_found(standin: StandIn, tmp_path: Path) -> None:
    standin.answer("/api/papers/search", Answer(body=b"[]"))
    standin.answer("/api/query", Answer(body=b'<feed xmlns="http://www.w3.org/2005/Atom"/>'))
    result = resolve_cards(one_card(FIRST), tmp_path)
    assert result.resolved.unresolved == (
        (FIRST["digest_title"], "hf: no candidate; arxiv: no candidate"),
    )


def test_a_paper_that_is_not_there_stays_unresolved(tmp_path: Path) -> None:
    from .standin import running

    with (
        running([r for r in RECORDS if r is not FIRST]) as server,
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setenv("HF_ENDPOINT", server.url)
        mp.setenv("PAPERBIB_ARXIV_ENDPOINT", server.url)
        result = resolve_cards(one_card(FIRST) + "\n" + one_card(RECORDS[1]), tmp_path)
    assert result.resolved.resolved == 1
    assert [title for title, _ in result.resolved.unresolved] == [FIRST["digest_title"]]


def test_two_candidates_with_one_title_the_author_count_decides(
    standin: StandIn, tmp_path: Path
) -> None:
    # Constructed: a second real paper's id and names under FIRST's title.
    other = dict(hf_paper(RECORDS[1]), title=FIRST["title"])
    items = [{"paper": other}, {"paper": hf_paper(FIRST)}]
    standin.answer("/api/papers/search", Answer(body=json.dumps(items).encode()))
    result = resolve_cards(one_card(FIRST), tmp_path)
    assert result.resolved.resolved == 1
    assert "arxiv = 2202.01771" in (tmp_path / "refs.lock").read_text()


def test_two_passing_candidates_are_ambiguous(standin: StandIn, tmp_path: Path) -> None:
    # Constructed: FIRST's record twice, the second under another real paper's id.
    twin = dict(hf_paper(FIRST), id=RECORDS[1]["arxiv"])
    items = [{"paper": hf_paper(FIRST)}, {"paper": twin}]
    standin.answer("/api/papers/search", Answer(body=json.dumps(items).encode()))
    result = resolve_cards(one_card(FIRST), tmp_path)
    ((_, reason),) = result.resolved.unresolved
    assert reason == f"hf: ambiguous, 2 candidates pass: 2202.01771, {RECORDS[1]['arxiv']}"
    assert standin.requests("/api/query") == []  # a wrong paper is worse than none


class Twins:
    """A resolver plugin that finds two passing candidates for FIRST's title."""

    name: ClassVar[str] = "twins"
    description: ClassVar[str] = "two passing candidates for FIRST"
    batch: ClassVar[int] = 1

    def search(self, entry: Entry, client: Client) -> list[Record]:
        found = hf.record(hf_paper(FIRST))
        assert found is not None
        return [
            attrs.evolve(found, source="twins"),
            attrs.evolve(found, source="twins", id="twin-2"),
        ]

    def fetch(self, ids: Sequence[str], client: Client) -> dict[str, Record]:
        return {}


def test_a_plugin_source_that_finds_two_passing_candidates_leaves_the_paper_unresolved(
    standin: StandIn, tmp_path: Path
) -> None:
    default_registry.register(RESOLVERS_GROUP, Twins)
    try:
        result = resolve_cards(one_card(FIRST), tmp_path, resolve="twins,hf")
    finally:
        default_registry.unregister(RESOLVERS_GROUP, "twins")
    ((_, reason),) = result.resolved.unresolved
    assert reason == "twins: ambiguous, 2 candidates pass: 2202.01771, twin-2"
    assert standin.log == []  # no later source is asked: a wrong paper is worse than none


def test_a_wrong_author_count_is_rejected(standin: StandIn, tmp_path: Path) -> None:
    result = resolve_cards(one_card(FIRST, count=13), tmp_path)
    ((_, reason),) = result.resolved.unresolved
    assert "hf: best candidate 2202.01771 rejected (14 authors, not 13)" in reason


def test_a_flat_list_of_papers_is_read_too(standin: StandIn, tmp_path: Path) -> None:
    standin.flat_search = True
    assert resolve_cards(one_card(FIRST), tmp_path).resolved.resolved == 1


class OneIdFails:
    """A client for the hf resolver: each paper by id from RECORDS, a server error for *bad*."""

    def __init__(self, bad: str) -> None:
        self.bad = bad
        self.requests = 0

    def get(self, url: str, params: Any = None) -> bytes:
        self.requests += 1
        identifier = url.rsplit("/", 1)[-1]
        if identifier == self.bad:
            raise ResolveError(f"{url}: HTTP 500 Internal Server Error")
        (paper,) = (hf_paper(r) for r in RECORDS if r["arxiv"] == identifier)
        return json.dumps(paper).encode()


def test_a_failed_lookup_by_id_costs_only_that_paper() -> None:
    from paperbib import Diagnostics
    from paperbib.resolve import Resolution, resolve_entries
    from paperbib.resolve.hf import HfResolver

    papers = RECORDS[:3]
    entries = [Entry(title=r["title"], arxiv_id=r["arxiv"]) for r in papers]
    client = OneIdFails(bad=papers[1]["arxiv"])
    _, blocks, summary = resolve_entries(
        entries,
        Resolution(sources=("hf",)),
        Diagnostics(),
        {"hf": HfResolver()},
        client=client,  # type: ignore[arg-type]
    )
    assert [b.status if b else None for b in blocks] == [
        "resolved",
        f"unresolved: hf: {hf.endpoint()}/api/papers/{papers[1]['arxiv']}: HTTP 500 "
        "Internal Server Error",
        "resolved",
    ]
    assert dict(summary.by_source) == {"hf": 2}
    assert client.requests == 3


def test_sources_can_be_chosen(standin: StandIn, tmp_path: Path) -> None:
    result = resolve_cards(one_card(FIRST), tmp_path, resolve="hf")
    assert dict(result.resolved.by_source) == {"hf": 1}
    assert standin.requests("/api/query") == []
    with pytest.raises(UnknownFormatError, match="arxiv, hf"):
        resolve_cards(one_card(FIRST), tmp_path, resolve="crossref")


def test_hf_searches_run_a_few_at_a_time(standin: StandIn, tmp_path: Path) -> None:
    standin.delay = 0.05
    resolve_seed(tmp_path / "refs.bib", resolve="hf")
    assert 1 < standin.most_in_flight <= 4


# -- the lock file -------------------------------------------------------------------------


def test_a_hand_pinned_arxiv_id_is_looked_up_by_id(standin: StandIn, tmp_path: Path) -> None:
    (tmp_path / "refs.lock").write_text(
        f"[mine]\ntitle = {FIRST['digest_title']}\nyear = 2022\narxiv = 2202.01771\n"
    )
    resolve_cards(one_card(FIRST), tmp_path)
    assert standin.requests("/api/papers/search") == []
    assert standin.requests("/api/papers/2202.01771")
    lock = Lock.parse((tmp_path / "refs.lock").read_text())
    assert [(b.key, b.status, b.arxiv) for b in lock] == [("mine", "resolved", "2202.01771")]
    assert "@misc{mine," in (tmp_path / "refs.bib").read_text()


def test_a_deleted_block_is_resolved_again_and_only_it(standin: StandIn, tmp_path: Path) -> None:
    resolve_seed(tmp_path / "refs.bib", resolve=True)
    text = (tmp_path / "refs.lock").read_text()
    start = text.index("[li2022pretrained]")
    end = text.index("\n[", start)
    (tmp_path / "refs.lock").write_text(text[:start] + text[end + 1 :])
    standin.log.clear()
    resolve_seed(tmp_path / "refs.bib", resolve=True)
    assert len(standin.requests("/api/papers/search")) == 1
    assert len(standin.requests("/api/query")) == 1
    assert (tmp_path / "refs.lock").read_text() == text


def test_a_corrected_name_is_used(tmp_path: Path) -> None:
    text = EXAMPLE_LOCK.read_text(encoding="utf-8").replace(
        "author = Mohamamdreza Ebrahimi", "author = Mohammadreza Ebrahimi"
    )
    (tmp_path / "refs.lock").write_text(text, encoding="utf-8")
    resolve_seed(tmp_path / "refs.bib")
    assert "Ebrahimi, Mohammadreza" in (tmp_path / "refs.bib").read_text()


def test_an_invalid_lock_is_an_error_with_its_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = tmp_path / "refs.lock"
    lock.write_text("# mine\n\n[k]\ntitle = T\nautor = A. Person\n")
    code = main(["convert", str(SEED), "--as-of", "2025-12-09", "-o", str(tmp_path / "refs.bib")])
    assert code == 1
    assert f"{lock}:5: unknown field 'autor'" in capsys.readouterr().err
    assert not (tmp_path / "refs.bib").exists()
    for text, message in [
        ("title = T\n", ":1: expected '[key]' or 'field = value'"),
        ("[a b]\ntitle = T\n", ":1: 'a b' is not a citation key"),
        ("[a]\ntitle = T\n[a]\ntitle = U\n", ":3: key 'a' has two blocks"),
        ("[a]\nyear = 2020\n", ":1: block [a] has no title"),
        ("[a]\ntitle = T\nyear = 20x\n", ":1: year must be a whole number"),
        ("[a]\ntitle = T\ntitle = U\n", ":3: field 'title' given twice"),
    ]:
        with pytest.raises(LockError, match=re.escape(message)):
            Lock.parse(text, "x.lock")


def test_keys_stay_with_their_papers_when_a_colliding_paper_comes_first(
    standin: StandIn, tmp_path: Path
) -> None:
    resolve_seed(tmp_path / "refs.bib", resolve=True)
    before = Lock.parse((tmp_path / "refs.lock").read_text())
    # Constructed: a card no source has, whose generated key is FIRST's pinned key.
    newcomer = one_card(FIRST).replace(FIRST["digest_title"], "Li Pretrained Models for Planning")
    seed = SEED.read_text(encoding="utf-8")
    first_card = seed.index(FIRST["digest_title"])
    page = tmp_path / "page.txt"
    page.write_text(seed[:first_card] + newcomer + "\n" + seed[first_card:], encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        result = convert([page], tmp_path / "refs.bib", reader_options=AS_OF, resolve=True)
    after = Lock.parse((tmp_path / "refs.lock").read_text())
    assert {b.key: b.arxiv for b in before}.items() <= {b.key: b.arxiv for b in after}.items()
    assert len(after) == len(before) + 1
    assert result.entries_written == 40
    keys = {b.title: b.key for b in after}
    assert keys[FIRST["digest_title"]] == "li2022pretrained"
    newcomer_key = keys["Li Pretrained Models for Planning"]
    assert newcomer_key.startswith("li2022pretrained")
    assert newcomer_key != "li2022pretrained"


def test_the_lock_text_round_trips() -> None:
    text = EXAMPLE_LOCK.read_text(encoding="utf-8")
    assert Lock.parse(text).text() == text


# -- matching rules ------------------------------------------------------------------------


def entry(**fields: Any) -> Entry:
    fields.setdefault("title", FIRST["digest_title"])
    fields.setdefault("date", PartialDate(2022, 2, 3))
    return Entry(**fields)


def record(**fields: Any) -> Record:
    values: dict[str, Any] = {
        "source": "hf",
        "id": "2202.01771",
        "title": FIRST["title"],
        "authors": [Person(family=n.split()[-1], given=n.split()[0]) for n in FIRST["authors"]],
        "date": PartialDate(2022, 2, 3),
    }
    values.update(fields)
    return Record(**values)


def test_titles_compare_without_case_accents_punctuation_or_tex() -> None:
    assert normal_title("$\\mathcal{B}$-Coder: Value-Based") == normal_title(
        "ℬ-coder — value based"
    )
    assert normal_title("Caf\\'e au Lait") == normal_title("café, au lait!")


@pytest.mark.parametrize(
    ("changes", "failed"),
    [
        ({"date": PartialDate(2022, 2, 11)}, "dates 8 days apart"),
        ({"date": PartialDate(2023, 2)}, "date 2022-02-03, not 2023-02"),
        ({"title": "Pre-Trained Language Models for Interactive Planning"}, "title"),
        ({"abstract": "Something else entirely, about proteins."}, "abstract similarity"),
        ({"organization": "Google"}, "organisation 'Google', not 'MIT'"),
    ],
)
def test_a_check_that_fails_rejects_the_candidate(changes: dict[str, Any], failed: str) -> None:
    mine = {k: v for k, v in changes.items() if k in ("date", "title")}
    theirs = {"abstract": "Language model pre-training", "organization": "MIT CSAIL"}
    theirs.update({k: v for k, v in changes.items() if k not in ("date", "title")})
    verdict = judge(
        entry(abstract="Language model pre-training", extra={"hf.organization": "MIT"}, **mine),
        record(**theirs),
    )
    assert not verdict.passed
    assert any(reason.startswith(failed) for reason in verdict.failed), verdict.failed


def test_a_nearly_equal_title_needs_corroboration() -> None:
    typo = FIRST["digest_title"].replace("Interactive", "Interactiv")
    assert not judge(entry(title=typo), record()).passed
    passed = judge(entry(title=typo, extra={"hf.authorcount": 14}), record())
    assert passed.passed
    assert passed.checks[0].startswith("title 0.9")


def test_dates_one_day_apart_pass() -> None:
    verdict = judge(entry(date=PartialDate(2022, 2, 4)), record())
    assert verdict.checks == ("title equal", "date 1d")


def test_pick_counts_one_record_per_id() -> None:
    chosen, verdicts = pick(entry(), [record(), record(source="arxiv")])
    assert chosen is not None
    assert len(verdicts) == 1


# -- manners -------------------------------------------------------------------------------


def test_user_agent_names_paperbib_and_the_mailto(
    standin: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERBIB_MAILTO", "me@example.org")
    resolve_cards(one_card(FIRST), tmp_path)
    assert standin.agents
    assert all(
        a.startswith("paperbib/0.1.0 (") and "mailto:me@example.org" in a for a in standin.agents
    )


def test_a_host_that_asks_for_pauses_gets_them(standin: StandIn) -> None:
    clock = iter([0.0, 0.5, 1.0, 1.5, 3.0, 3.5])
    waited: list[float] = []
    client = Client(intervals={"127.0.0.1": 3.0}, sleep=waited.append, clock=lambda: next(clock))
    for _ in range(3):
        client.get(f"{standin.url}/api/papers/2202.01771")
    assert waited == [2.5, 1.5]  # 3 s from the end of the one before
    assert client.requests == 3


def test_retry_after_longer_than_a_minute_gives_up(standin: StandIn) -> None:
    standin.fail("/api/papers/x", Answer(429, headers={"Retry-After": "3600"}))
    with pytest.raises(ResolveError, match="asked to wait 3600 s"):
        Client(sleep=lambda s: None).get(f"{standin.url}/api/papers/x")


def test_the_network_guard_refuses_other_hosts() -> None:
    with pytest.raises(ConnectionRefusedError, match="must not reach the network"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


# -- command line --------------------------------------------------------------------------


def test_the_command_line_resolves_and_sums_up(
    standin: StandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "refs.bib"
    assert main(["convert", str(SEED), "--as-of", "2025-12-09", "-o", str(out), "--resolve"]) == 0
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"paperbib: resolved 39 of 39 (hf 39, arxiv 39, lock 0); 40 requests; "
        f"lock {tmp_path / 'refs.lock'}"
    )
    assert "resolving" not in err  # no progress when stderr is not a terminal
    assert main(["convert", str(SEED), "-o", str(out), "--resolve", "nosuch"]) == 2
    assert "unknown resolver 'nosuch'" in capsys.readouterr().err


def test_add_resolves_and_sums_up_as_convert_does(
    standin: StandIn, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.bib"
    assert main(["add", str(SEED), "--as-of", "2025-12-09", "--to", str(refs), "--resolve"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[-2].startswith("paperbib: 39 entries read, 39 added to ")
    assert lines[-1] == (
        f"paperbib: resolved 39 of 39 (hf 39, arxiv 39, lock 0); 40 requests; "
        f"lock {tmp_path / 'refs.lock'}"
    )
    assert (tmp_path / "refs.lock").exists()


def test_stdin_and_stdout_take_a_lock_only_when_named(
    standin: StandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(SEED.read_bytes())))
    assert main(["convert", "-", "--as-of", "2025-12-09", "--resolve", "-q"]) == 0
    assert list(tmp_path.iterdir()) == []
    assert b"Schramowski" in capsysbinary.readouterr().out


def test_unresolved_papers_still_get_written(standin: StandIn, tmp_path: Path) -> None:
    text = one_card(FIRST) + "\nA Paper Nobody Has\n\nAbstract.\n\n  • 2 authors\n·\nMay 2, 2023\n"
    result = resolve_cards(text, tmp_path)
    assert result.entries_written == 2
    assert [t for t, _ in result.resolved.unresolved] == ["A Paper Nobody Has"]
    assert "{A} {Paper} {Nobody} {Has}" not in (tmp_path / "refs.bib").read_text()
    assert "title         = {A Paper Nobody Has}," in (tmp_path / "refs.bib").read_text()


def test_progress_shows_on_a_terminal_after_two_seconds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse
    import sys
    import time

    from paperbib import cli

    now = iter([100.0, 100.5, 103.0, 104.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(now))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    show = cli._progress(argparse.Namespace(quiet=False, resolve=True))
    assert show is not None
    show(1, 39, 1)  # half a second in: nothing yet
    show(10, 39, 10)
    show(39, 39, 40)
    err = capsys.readouterr().err
    assert err.startswith("\rpaperbib: resolving 10/39 papers, 10 requests, about 9 s left")
    assert err.endswith("resolving 39/39 papers, 40 requests, about 0 s left \n")
    assert cli._progress(argparse.Namespace(quiet=True, resolve=True)) is None
