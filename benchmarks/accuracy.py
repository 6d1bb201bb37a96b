"""Per-field accuracy of paperbib's readers on real inputs that come with expected metadata.

    python benchmarks/accuracy.py            # a table per test set
    python benchmarks/accuracy.py --misses   # and every value that differs

The inputs and their expected metadata are test data (``tests/data/SOURCES.md``):

- arXiv author lines: the ``.abs`` records in ``tests/data/arxiv/`` against the
  authors arXiv's own parser (``arxiv-base`` 0.17.8, ``arxiv/util/authors.py``,
  which makes the ``citation_author`` tags of abstract pages) gives for them
  (``tests/data/expected/arxiv-abs-authors.json``), and the author lines of
  arXiv's own tests (``arxiv-browse`` ``tests/test_author_affil.py``) against
  the results those tests expect (``tests/data/expected/arxiv-browse-author-affil.json``);
- landing pages: the pages in ``tests/data/html/`` whose expected metadata other
  extraction projects' tests give (papis ``*_Out.json``, sandcrawler
  ``test_html_metadata.py``), in ``tests/data/expected/landing-pages.json``.

Names match when the family names (with any particle) and the given names are the
same apart from case, spaces and dots; an organisation matches its name. Where the
expectation itself is wrong (arXiv's parser reads "and the ALADiN2000 Collaboration"
as a person called "Collaboration"), the miss is counted all the same and shown
with ``--misses``. Accuracy is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EXPECTED = DATA / "expected"

sys.path.insert(0, str(ROOT))

from paperbib import Person, loads  # noqa: E402
from paperbib.readers.arxiv_text import split_authors  # noqa: E402

Tally = dict[str, list[int]]  # field -> [right, total]


def _norm(text: str | None) -> str:
    return re.sub(r"[\s.]+", "", (text or "").casefold())


def _family(person: Person) -> str:
    if person.literal:
        return person.literal
    return " ".join(p for p in (person.particle, person.family) if p)


def _name_matches(person: Person, expected: dict[str, Any]) -> bool:
    if "name" in expected:  # a whole name, as sandcrawler gives them
        return _norm(str(person)) == _norm(expected["name"])
    family, given = expected.get("family", ""), expected.get("given", "")
    if person.literal:
        return _norm(person.literal) == _norm(f"{given} {family}" if given else family)
    return _norm(_family(person)) == _norm(family) and _norm(person.given) == _norm(given)


def _names(
    tally: Tally, misses: list[str], where: str, ours: list[Person], expected: list[dict[str, Any]]
) -> None:
    right = 0
    for index, want in enumerate(expected):
        got = ours[index] if index < len(ours) else None
        if got is not None and _name_matches(got, want):
            right += 1
        else:
            misses.append(f"{where}: author {index + 1}: {got!r} != {want}")
    tally["author names"][0] += right
    tally["author names"][1] += len(expected)
    whole = right == len(expected) == len(ours)
    tally["author lists (all names, none extra)"][0] += whole
    tally["author lists (all names, none extra)"][1] += 1
    if len(ours) != len(expected):
        misses.append(f"{where}: {len(ours)} authors, expected {len(expected)}")
    for index, want in enumerate(expected):
        affiliations = want.get("affiliations")
        if not affiliations or index >= len(ours):
            continue
        got = ours[index].affiliation or ""
        ok = _norm(got) == _norm("; ".join(affiliations))
        tally["affiliations"][0] += ok
        tally["affiliations"][1] += 1
        if not ok:
            misses.append(f"{where}: affiliation of {ours[index]}: {got!r} != {affiliations}")


def arxiv_authors(misses: list[str]) -> Tally:
    tally: Tally = defaultdict(lambda: [0, 0])
    expected = json.loads((EXPECTED / "arxiv-abs-authors.json").read_text(encoding="utf-8"))
    files = [
        *sorted((DATA / "arxiv" / "abs").glob("*.abs")),
        DATA / "arxiv" / "arxiv-browse-2310.08262.abs.txt",
    ]
    for path in files:
        (entry,) = loads(path.read_bytes(), "arxiv", source=path.name)
        _names(tally, misses, path.name, list(entry.authors), expected[entry.arxiv_id])
    cases = json.loads((EXPECTED / "arxiv-browse-author-affil.json").read_text(encoding="utf-8"))
    for case in cases:
        _names(
            tally,
            misses,
            repr(case["authors"][:60]),
            split_authors(case["authors"]),
            case["expected"],
        )
    return tally


def _same(field: str, got: Any, want: str) -> bool:
    if field == "pages":
        return _norm(str(got or "").replace("--", "-")) == _norm(want.replace("--", "-"))
    if field == "date":
        return got is not None and got.isoformat() == want
    return _norm(str(got or "")) == _norm(want)


FIELDS = {
    "title": "title", "doi": "doi", "container": "container_title", "volume": "volume",
    "issue": "issue", "pages": "pages", "date": "date", "publisher": "publisher", "isbn": "isbn",
}  # fmt: skip


def landing_pages(misses: list[str]) -> Tally:
    tally: Tally = defaultdict(lambda: [0, 0])
    expected = json.loads((EXPECTED / "landing-pages.json").read_text(encoding="utf-8"))
    for name, want in expected.items():
        (entry,) = loads((DATA / "html" / name).read_bytes(), "html", source=name)
        for field, attribute in FIELDS.items():
            if field not in want:
                continue
            got = getattr(entry, attribute)
            ok = _same(field, got, want[field])
            tally[field][0] += ok
            tally[field][1] += 1
            if not ok:
                misses.append(f"{name}: {field}: {got!r} != {want[field]!r}")
        if "authors" in want:
            _names(tally, misses, name, list(entry.authors), want["authors"])
    return tally


def show(title: str, tally: Tally) -> None:
    print(f"\n{title}\n")
    print("| field | right | total | accuracy |")
    print("|---|---:|---:|---:|")
    for field, (right, total) in tally.items():
        print(f"| {field} | {right} | {total} | {100 * right / total:.1f} % |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list every value that differs")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    for title, measure in (("arXiv author lines", arxiv_authors), ("Landing pages", landing_pages)):
        misses: list[str] = []
        show(title, measure(misses))
        if args.misses and misses:
            print("\n" + "\n".join(f"- {m}" for m in misses))


if __name__ == "__main__":
    main()
