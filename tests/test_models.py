"""The hub model: validation, equality, immutability."""

from __future__ import annotations

import attrs
import pytest

from paperbib import Bibliography, Entry, EntryKind, Origin, PartialDate, Person


class TestPartialDate:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            ((2022, 2, 30), "day 30 is out of range for 2022-02 (1..28)"),
            ((2023, 2, 29), "day 29 is out of range for 2023-02 (1..28)"),
            ((2022, 13), "month 13 is out of range 1..12"),
            ((2022, 0), "month 0 is out of range 1..12"),
            ((2022, None, 3), "a date with a day needs a month"),
            ((0,), "year 0 is out of range 1..9999"),
        ],
    )
    def test_invalid(self, args: tuple[int, ...], message: str) -> None:
        with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
            PartialDate(*args)

    def test_leap_day(self) -> None:
        assert PartialDate(2024, 2, 29).isoformat() == "2024-02-29"

    @pytest.mark.parametrize(
        ("date", "iso", "parts"),
        [
            (PartialDate(2022), "2022", (2022,)),
            (PartialDate(2022, 3), "2022-03", (2022, 3)),
            (PartialDate(2022, 3, 4), "2022-03-04", (2022, 3, 4)),
        ],
    )
    def test_forms(self, date: PartialDate, iso: str, parts: tuple[int, ...]) -> None:
        assert (date.isoformat(), str(date), date.parts()) == (iso, iso, parts)

    def test_ordered(self) -> None:
        assert PartialDate(2022, 1, 2) < PartialDate(2022, 1, 3) < PartialDate(2023, 1, 1)


class TestPerson:
    def test_needs_a_name(self) -> None:
        with pytest.raises(ValueError, match="family name or a literal"):
            Person(given="Jacob")

    def test_literal_has_no_parts(self) -> None:
        with pytest.raises(ValueError, match="cannot also have name parts"):
            Person(literal="Google", family="Google")

    def test_empty_strings_are_missing(self) -> None:
        assert Person(family="Devlin", given="") == Person(family="Devlin")

    def test_str(self) -> None:
        assert str(Person(family="Beethoven", given="Ludwig", particle="van")) == (
            "Ludwig van Beethoven"
        )
        assert str(Person(family="King", given="Martin", suffix="Jr.")) == "Martin King, Jr."
        assert str(Person(literal="BigScience")) == "BigScience"


class TestEntry:
    def test_frozen(self) -> None:
        entry = Entry(title="T")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            entry.title = "U"  # type: ignore[misc]

    def test_origin_is_not_part_of_equality(self) -> None:
        a = Entry(title="T", origin=Origin(reader="digest", source="a.txt", line=1))
        b = Entry(title="T", origin=Origin(reader="digest", source="b.txt", line=9))
        assert a == b
        assert hash(a) == hash(b)

    def test_sequences_become_tuples(self) -> None:
        entry = Entry(authors=[Person(family="A")], links=["https://x.org"], categories=["cs.CL"])
        assert entry.authors == (Person(family="A"),)
        assert entry.links == ("https://x.org",)
        assert entry.categories == ("cs.CL",)
        hash(entry)

    def test_defaults(self) -> None:
        assert Entry().kind is EntryKind.MISC


class TestBibliography:
    def test_keys_must_be_unique(self) -> None:
        with pytest.raises(ValueError, match="duplicate citation key 'a'"):
            Bibliography([Entry(key="a"), Entry(key="a")])

    def test_keys_must_be_assigned(self) -> None:
        with pytest.raises(ValueError, match="has no citation key"):
            Bibliography([Entry(title="T")])

    def test_sequence_protocol(self) -> None:
        bib = Bibliography([Entry(key="a", title="A"), Entry(key="b", title="B")])
        assert len(bib) == 2
        assert [e.key for e in bib] == ["a", "b"]
        assert bib["b"].title == "B"
        with pytest.raises(KeyError):
            bib["c"]
