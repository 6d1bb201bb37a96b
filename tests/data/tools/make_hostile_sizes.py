"""Write ``tests/data/hostile-sizes.txt``: digest cards whose fields are far too long.

Hostile input made by us (see ``tests/data/SOURCES.md``), in the layout of a
Hugging Face papers page copied as text: a title whose first word has 5,000
letters, a 200,000-character abstract, and a 3,000-character organisation
line. Each once broke a build: the abstract overflowed TeX's input buffer
through biber's ``.bbl`` ("Unable to read an entire line---bufsize=200000"),
and the title word became a 5,000-character citation key.

    python tests/data/tools/make_hostile_sizes.py > tests/data/hostile-sizes.txt
"""

import sys

SENTENCE = "This abstract repeats one sentence until it is two hundred thousand characters long. "


def main() -> None:
    word = ("Longword" * 625)[:5000]
    abstract = (SENTENCE * (200_000 // len(SENTENCE) + 1))[:200_000].rstrip() + "."
    abstract = abstract[:199_999] + "."
    organization = " ".join(["Organisation"] * 300)[:3000]
    cards = [
        (f"{word} Opens This Title", "A short abstract.", "  \u2022 3 authors"),
        ("A Paper With a 200,000-Character Abstract", abstract, "  \u2022 2 authors"),
        ("A Paper Under a 3,000-Character Organisation", "Another short abstract.", organization),
    ]
    lines = ["Daily Papers", "", "Dec 9", ""]
    for title, text, meta in cards:
        lines += [title, "", text, "", meta, "\u00b7", "Feb 3, 2025", ""]
    sys.stdout.write("\n".join(lines))


if __name__ == "__main__":
    main()
