"""Citation keys: Google Scholar style, ASCII, unique, stable."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from paperbib import Entry, Origin, PartialDate, Person, assign_keys
from paperbib.keys import STOPWORDS, KeyPins, _suffix, base_key, fold_ascii, usable_key


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        (
            Entry(
                title="BERT: Pre-training of Deep Bidirectional Transformers",
                authors=[Person(family="Devlin", given="Jacob")],
                date=PartialDate(2018, 10, 11),
            ),
            "devlin2018bert",
        ),
        (Entry(title="The Art of Computer Programming", date=PartialDate(1968)), "art1968computer"),
        (
            Entry(title="Pre-Trained Language Models", date=PartialDate(2022)),
            "pretrained2022language",
        ),
        (
            Entry(title="$\\mathcal{B}$-Coder: Value-Based RL", date=PartialDate(2023)),
            "bcoder2023valuebased",
        ),
        (
            Entry(title="Über Zoë", authors=[Person(family="Łukasiewicz")], date=PartialDate(1920)),
            "lukasiewicz1920uber",
        ),
        (Entry(title="A Study", authors=[Person(literal="Google DeepMind")]), "googlestudy"),
        (Entry(title="Single"), "single"),
        (Entry(title="", arxiv_id="2106.09608"), "arxiv210609608"),
        (Entry(title="!!!", date=PartialDate(2020)), "untitled2020"),
    ],
)
def test_base_key(entry: Entry, key: str) -> None:
    assert base_key(entry) == key


def test_fold_ascii() -> None:
    assert fold_ascii("Łukasz Müller-Straße ÆØ") == "lukaszmullerstrasseaeo"


PAPERS = [
    Entry(title="Deep Learning", date=PartialDate(2020), doi=f"10.1000/deep.{n}") for n in range(4)
]


def test_clashing_papers_get_letters_of_their_own() -> None:
    """No paper keeps the bare key, and each paper's letters come from the paper itself."""
    keys = [e.key for e in assign_keys(PAPERS)]
    assert keys == [
        "deep2020learningzz",
        "deep2020learningtk",
        "deep2020learningff",
        "deep2020learningpi",
    ]
    assert [e.key for e in assign_keys(PAPERS[::-1])] == keys[::-1]


@given(st.permutations(range(4)), st.sets(st.integers(0, 3), min_size=1))
def test_no_key_moves_to_another_paper(order: list[int], subset: set[int]) -> None:
    """Reordering, adding or removing papers never gives one paper's key to another."""
    full = {e.doi: e.key for e in assign_keys(PAPERS)}
    some = {e.doi: e.key for e in assign_keys([PAPERS[i] for i in order if i in subset])}
    owners: dict[str, str | None] = {}
    for keys in (full, some):
        for doi, key in keys.items():
            assert owners.setdefault(key, doi) == doi
    if len(subset) == 1:
        assert list(some.values()) == ["deep2020learning"]
    else:
        assert all(full[doi] == key for doi, key in some.items())


def test_existing_keys_are_kept() -> None:
    entries = [Entry(key="mine", title="X"), Entry(title="Mine")]
    keys = [e.key for e in assign_keys(entries)]
    assert keys[0] == "mine"
    assert keys[1].startswith("mine")
    assert len(keys[1]) == len("mine") + 2


def test_a_key_used_twice_stays_with_the_first_entry() -> None:
    entries = [Entry(key="x"), Entry(key="x"), Entry(key="xa")]
    keys = [e.key for e in assign_keys(entries)]
    assert keys[0] == "x"
    assert keys[2] == "xa"
    assert len(set(keys)) == 3


def test_adding_an_entry_keeps_unrelated_keys() -> None:
    base = [
        Entry(title="Alpha Beta", date=PartialDate(2020), doi="10.1000/a"),
        Entry(title="Gamma Delta", date=PartialDate(2021)),
        Entry(title="Alpha Beta", date=PartialDate(2020), doi="10.1000/b"),
    ]
    before = [e.key for e in assign_keys(base)]
    after = [e.key for e in assign_keys([*base[:1], Entry(title="New One"), *base[1:]])]
    assert after == [before[0], "newone", *before[1:]]


def test_many_clashes() -> None:
    keys = [e.key for e in assign_keys([Entry(key="k") for _ in range(30)])]
    assert keys[0] == "k"
    assert len(set(keys)) == 30
    assert all(key.startswith("k") for key in keys)


@given(st.text(max_size=30), st.integers(1, 6), st.integers(6, 20))
def test_a_shorter_suffix_is_the_start_of_a_longer_one(
    identity: str, short: int, long: int
) -> None:
    # assign_keys makes each paper's letters once and lengthens the suffix by slicing them.
    assert _suffix(identity, long)[:short] == _suffix(identity, short)
    assert len(_suffix(identity, long)) == long


def test_taken_keys_are_avoided() -> None:
    (entry,) = assign_keys(
        [Entry(title="Deep Learning", date=PartialDate(2020))], taken={"deep2020learning"}
    )
    assert entry.key.startswith("deep2020learning")
    assert entry.key != "deep2020learning"


class TestPins:
    OLD = Entry(
        key="lecun2015deep",
        title="Deep learning",
        date=PartialDate(2015),
        doi="10.1038/nature14539",
    )

    def test_a_pinned_paper_keeps_its_key_when_a_colliding_paper_comes_first(self) -> None:
        pins = KeyPins([self.OLD])
        new = Entry(
            title="Deep learning",
            authors=[Person(family="LeCun")],
            date=PartialDate(2015),
            doi="10.1/other",
        )
        old = attrs.evolve(self.OLD, key="", authors=[Person(family="LeCun")])
        keyed = assign_keys([new, old], pins=pins)
        assert keyed[1].key == "lecun2015deep"
        assert keyed[0].key != "lecun2015deep"
        assert keyed[0].key.startswith("lecun2015deep")

    def test_found_by_title_and_year_too(self) -> None:
        pins = KeyPins([self.OLD])
        assert (
            pins.key_for(Entry(title="Deep Learning.", date=PartialDate(2015))) == "lecun2015deep"
        )
        assert pins.key_for(Entry(title="Deep Learning", date=PartialDate(2016))) is None

    def test_two_versions_claiming_one_pinned_title_get_it_whatever_the_order(self) -> None:
        pins = KeyPins([attrs.evolve(self.OLD, doi=None)])
        one = Entry(title="Deep learning", date=PartialDate(2015), doi="10.1/one")
        two = Entry(title="Deep learning", date=PartialDate(2015), doi="10.1/two")
        forward = {e.doi: e.key for e in assign_keys([one, two], pins=pins)}
        backward = {e.doi: e.key for e in assign_keys([two, one], pins=pins)}
        assert forward == backward
        assert "lecun2015deep" not in forward.values()

    def test_a_pinned_key_no_paper_here_has_goes_to_no_other_paper(self) -> None:
        """A paper left out of the input: a document citing its key must not get another."""
        year = PartialDate(2015)
        old = Entry(key="deep2015learning", title="Deep learning", date=year, doi="10.1/old")
        pins = KeyPins([old])
        (other,) = assign_keys([Entry(title="Deep learning", date=year, doi="10.1/new")], pins=pins)
        assert other.key.startswith("deep2015learning")
        assert other.key != "deep2015learning"
        # The same paper, found by its title and year, still has it.
        (same,) = assign_keys([Entry(title="Deep learning", date=year)], pins=pins)
        assert same.key == "deep2015learning"

    def test_an_entry_key_of_its_own_wins(self) -> None:
        pins = KeyPins([self.OLD])
        (entry,) = assign_keys([attrs.evolve(self.OLD, key="mine")], pins=pins)
        assert entry.key == "mine"


def test_keyed_entries_are_the_same_records_with_a_key() -> None:
    """assign_keys copies entries without re-running __init__; the copy must be complete."""
    entry = Entry(
        title="A Study",
        authors=[Person(family="Doe", given="Jane", affiliation="MIT")],
        date=PartialDate(2020, 5),
        links=["https://example.org"],
        origin=Origin(reader="digest", source="page.txt", line=7),
    )
    (keyed,) = assign_keys([entry])
    expected = attrs.evolve(entry, key="doe2020study")
    assert keyed == expected
    assert hash(keyed) == hash(expected)
    assert attrs.asdict(keyed, recurse=False) == attrs.asdict(expected, recurse=False)
    assert keyed.origin == entry.origin  # not part of equality, so checked on its own
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        keyed.key = "other"  # type: ignore[misc]


@given(st.text(st.characters(max_codepoint=0x7F)))
@example("Tabs\tand\x1cseparators-joined: a Title")
def test_ascii_title_words_fast_path_agrees_with_the_general_fold(title: str) -> None:
    from paperbib.keys import _WHITESPACE, _fold, _title_words

    general = _fold(_WHITESPACE.sub(" ", title), " ").split()
    assert _title_words(title) == [w for w in general if w not in STOPWORDS]


@pytest.mark.parametrize(
    ("key", "usable"),
    [
        ("devlin2018bert", True),
        ("knuth:ct:a", True),
        ("averroes/bland", True),
        ("http://zotero.org/users/1/items/ABCD", True),
        ("a b", False),
        ("a,b", False),
        ("a{b}", False),
        ("a%b", False),
        ("", False),
    ],
)
def test_usable_key(key: str, usable: bool) -> None:
    assert usable_key(key) is usable
