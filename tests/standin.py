"""A local stand-in for Hugging Face's papers API and arXiv's API, for the resolving tests.

It answers ``/api/papers/search``, ``/api/papers/ID`` and ``/api/query`` from
real records (``tests/data/resolve/…records.json``; see ``tests/data/SOURCES.md``
for how the answers are assembled), logs every request, and can be told to
answer a path with faults first (``fail``).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from paperbib.resolve.match import normal_title

DATA = Path(__file__).parent / "data"
RECORDS = DATA / "resolve" / "hf-papers-2025-12-09.records.json"


def load_records() -> list[dict[str, Any]]:
    """The real records of the bundled page's 39 papers."""
    return json.loads(RECORDS.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def hf_paper(record: dict[str, Any]) -> dict[str, Any]:
    """The Hugging Face paper object the stand-in serves for *record*."""
    return {
        "id": record["arxiv"],
        "title": record["title"],
        "authors": [{"name": name} for name in record["authors"]],
        "publishedAt": f"{record['digest_date']}T00:00:00.000Z",
    }


def atom_entry(record: dict[str, Any]) -> str:
    """The arXiv Atom entry the stand-in serves for *record* (arXiv's current version)."""
    latest = record.get("arxiv_latest") or {}
    title = latest.get("title") or record["title"]
    authors = latest.get("authors") or record["authors"]
    version = (latest.get("version") or "").split(" ")[0]
    parts = [
        f"<entry><id>http://arxiv.org/abs/{record['arxiv']}{version}</id>",
        f"<title>{escape(title)}</title>",
    ]
    if record.get("published"):
        parts.append(f"<published>{record['published']}T00:00:00Z</published>")
    parts.extend(f"<author><name>{escape(name)}</name></author>" for name in authors)
    if record.get("doi"):
        parts.append(f"<arxiv:doi>{escape(record['doi'])}</arxiv:doi>")
    parts.append("</entry>")
    return "".join(parts)


def atom_feed(entries: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        f"<title>arXiv Query</title>{''.join(entries)}</feed>"
    ).encode()


class Answer:
    """One canned answer: status, headers, body, a stall before it, and the length it claims."""

    def __init__(
        self,
        status: int = 200,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        stall: float = 0.0,
        length: int | None = None,
    ) -> None:
        self.status, self.body, self.headers, self.stall = status, body, headers or {}, stall
        self.length = len(body) if length is None else length
        """The ``Content-Length`` sent; more than the body's is an answer cut short."""


class StandIn:
    """The server: records by title and by id, a request log, queued faults by path prefix."""

    def __init__(self, records: list[dict[str, Any]] | None = None) -> None:
        self.records = load_records() if records is None else records
        self.by_id = {r["arxiv"]: r for r in self.records}
        self.log: list[str] = []
        self.faults: dict[str, list[Answer]] = {}
        self.overrides: dict[str, Answer] = {}
        self.flat_search = False
        self.delay = 0.0
        """Seconds every answer waits, to simulate latency."""
        self.agents: list[str] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def fail(self, prefix: str, *answers: Answer) -> None:
        """Answer the next requests whose path and query start with *prefix* with *answers*."""
        self.faults.setdefault(prefix, []).extend(answers)

    def answer(self, prefix: str, answer: Answer) -> None:
        """Always answer requests starting with *prefix* with *answer*."""
        self.overrides[prefix] = answer

    def requests(self, prefix: str = "") -> list[str]:
        """The requests made so far (path and query), those starting with *prefix*."""
        return [r for r in self.log if r.startswith(prefix)]

    def route(self, target: str) -> Answer:
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.log.append(target)
            for prefix, queue in self.faults.items():
                if target.startswith(prefix) and queue:
                    return queue.pop(0)
        for prefix, answer in self.overrides.items():
            if target.startswith(prefix):
                return answer
        url = urllib.parse.urlsplit(target)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/api/papers/search":
            wanted = normal_title(query.get("q", [""])[0])
            hits = [hf_paper(r) for r in self.records if normal_title(r["title"]) == wanted]
            items = hits if self.flat_search else [{"paper": p} for p in hits]
            return Answer(body=json.dumps(items).encode())
        if url.path.startswith("/api/papers/"):
            record = self.by_id.get(url.path.rsplit("/", 1)[-1])
            if record is None:
                return Answer(404, b'{"error":"Paper not found"}')
            return Answer(body=json.dumps(hf_paper(record)).encode())
        if url.path == "/api/query":
            if "id_list" in query:
                ids = query["id_list"][0].split(",")
                return Answer(
                    body=atom_feed([atom_entry(self.by_id[i]) for i in ids if i in self.by_id])
                )
            search = query.get("search_query", [""])[0]
            wanted = normal_title(search.removeprefix("ti:").strip('"'))
            hits = [atom_entry(r) for r in self.records if normal_title(r["title"]) == wanted]
            return Answer(body=atom_feed(hits))
        return Answer(404, b"not found")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                # Counted until the answer is ready, before it is sent: a client cannot ask
                # again before it has the answer, so the count is the client's concurrency.
                with standin._lock:
                    standin.agents.append(self.headers.get("User-Agent", ""))
                    standin.in_flight += 1
                    standin.most_in_flight = max(standin.most_in_flight, standin.in_flight)
                try:
                    answer = standin.route(self.path)
                    if answer.stall:
                        time.sleep(answer.stall)
                finally:
                    with standin._lock:
                        standin.in_flight -= 1
                self._send(answer)

            def _send(self, answer: Answer) -> None:
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(answer.length))
                self.end_headers()
                with suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(answer.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    def start(self) -> StandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def running(records: list[dict[str, Any]] | None = None) -> Iterator[StandIn]:
    """A started stand-in, stopped afterwards."""
    standin = StandIn(records).start()
    try:
        yield standin
    finally:
        standin.stop()
