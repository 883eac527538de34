"""A local stand-in for the Hugging Face API, on 127.0.0.1: recorded real responses
(tests/fixtures/hf_api/<day>.json, paged by `limit` and `p`) and injected faults.

Faults are scripted per day: a list of actions used one per request, after which
the recorded answer is served. Actions: ("status", code, headers, body),
("reset",) closes the connection without an answer, ("slow", seconds) answers
late, ("body", text) answers 200 with that body.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

RECORDED = Path(__file__).resolve().parent / "fixtures" / "hf_api"


class FakeHub:
    def __init__(self, days: dict[str, list] | None = None) -> None:
        self.days = days if days is not None else recorded_days()
        self.faults: dict[str, list[tuple]] = defaultdict(list)
        self.search: dict[str, list] = {}  # query -> items for /api/papers/search
        self.requests: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self.lock = threading.Lock()
        self.url = ""

    def requests_for(self, path: str) -> list[dict[str, str]]:
        return [q for p, q, _ in self.requests if p == path]


def recorded_days() -> dict[str, list]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in RECORDED.glob("*.json")}


def _handler(hub: FakeHub):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            with hub.lock:
                hub.requests.append((url.path, query, dict(self.headers)))
                key = query.get("date") or query.get("q") or ""
                action = hub.faults[key].pop(0) if hub.faults.get(key) else None
            if action and self._fault(action):
                return
            if url.path == "/api/daily_papers":
                items = hub.days.get(query.get("date", ""), [])
                limit, page = int(query.get("limit", 50)), int(query.get("p", 0))
                self._json(items[page * limit : (page + 1) * limit])
            elif url.path == "/api/papers/search":
                self._json(hub.search.get(query.get("q", ""), []))
            else:
                self._send(404, "text/html", "<html><body>Not found</body></html>")

        def _fault(self, action: tuple) -> bool:
            kind = action[0]
            if kind == "reset":
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                self.connection.close()
                self.close_connection = True
                return True
            if kind == "slow":
                time.sleep(action[1])
                return False
            if kind == "status":
                _, code, headers, body = action
                self._send(code, "text/html", body, headers)
                return True
            if kind == "body":
                self._send(200, "application/json", action[1])
                return True
            raise ValueError(action)

        def _json(self, data) -> None:
            self._send(200, "application/json", json.dumps(data))

        def _send(self, code: int, kind: str, body: str, headers: dict | None = None) -> None:
            data = body.encode("utf-8")
            try:
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@contextmanager
def fake_hub(hub: FakeHub | None = None) -> Iterator[FakeHub]:
    hub = hub or FakeHub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hub))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
