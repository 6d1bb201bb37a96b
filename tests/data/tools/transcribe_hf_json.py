"""Write a Hugging Face papers-page text copy from an ``/api/daily_papers`` response.

Used once to make ``tests/data/hf-papers-2026-08-21.txt`` from the real API
response ``api-daily_papers-2026-08-21.json`` (see ``tests/data/SOURCES.md``):
titles, abstracts, dates, author counts, organisations and upvotes are the
API's; the layout is the one a browser copy of the page has (as in
``hf-papers-2025-12-09.txt``). Papers of the capture year show no year, as the
page does. Every other paper shows its organisation instead of an author
count, to cover both card layouts. CRLF line ends and a final newline, as a
Windows clipboard gives.

    python tests/data/tools/transcribe_hf_json.py API.json 2026-08-21 > OUT.txt
"""

import datetime
import json
import sys


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        records = json.load(handle)
    captured = datetime.date.fromisoformat(sys.argv[2])
    out = [
        "New",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        f"{captured:%b} {captured.day}",
    ]
    for index, record in enumerate(records):
        paper = record["paper"]
        published = datetime.date.fromisoformat(paper["publishedAt"][:10])
        date = f"{published:%b} {published.day}"
        if published.year != captured.year:
            date += f", {published.year}"
        if paper.get("upvotes"):
            date += f" {paper['upvotes']}"
        count = len(paper["authors"])
        org = paper.get("organization")
        if org and index % 2:
            who = f"{org['name']} {org['fullname']}"
        else:
            who = f"  • {count} author{'s' if count != 1 else ''}"
        summary = " ".join(paper["summary"].split())
        out += [paper["title"], summary, f"{who}\n·\n{date}"]
    sys.stdout.buffer.write("\r\n".join("\n\n".join(out).split("\n")).encode() + b"\r\n")


if __name__ == "__main__":
    main()
