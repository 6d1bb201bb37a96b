"""Citation keys: Google Scholar style, ASCII, unique, stable."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from paperbib import Entry, Origin, PartialDate, Person, assign_keys
from paperbib.keys import STOPWORDS, base_key, fold_ascii


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


def test_clashes_get_letters_in_input_order() -> None:
    entries = [Entry(title="Deep Learning", date=PartialDate(2020)) for _ in range(4)]
    assert [e.key for e in assign_keys(entries)] == [
        "deep2020learning",
        "deep2020learninga",
        "deep2020learningb",
        "deep2020learningc",
    ]


def test_existing_keys_are_kept() -> None:
    entries = [Entry(key="mine", title="X"), Entry(title="Mine")]
    assert [e.key for e in assign_keys(entries)] == ["mine", "minea"]


def test_suffixes_avoid_natural_keys() -> None:
    """A suffixed key never takes a key another entry has naturally."""
    entries = [Entry(key="x"), Entry(key="x"), Entry(key="xa")]
    assert [e.key for e in assign_keys(entries)] == ["x", "xb", "xa"]


def test_adding_an_entry_keeps_unrelated_keys() -> None:
    base = [
        Entry(title="Alpha Beta", date=PartialDate(2020)),
        Entry(title="Gamma Delta", date=PartialDate(2021)),
        Entry(title="Alpha Beta", date=PartialDate(2020)),
    ]
    before = [e.key for e in assign_keys(base)]
    after = [e.key for e in assign_keys([*base[:1], Entry(title="New One"), *base[1:]])]
    assert after == [before[0], "newone", *before[1:]]


def test_many_clashes_run_past_z() -> None:
    keys = [e.key for e in assign_keys([Entry(key="k") for _ in range(30)])]
    assert keys[1:4] == ["ka", "kb", "kc"]
    assert keys[26:30] == ["kz", "kaa", "kab", "kac"]
    assert len(set(keys)) == 30


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
