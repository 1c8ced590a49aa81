"""A stand-in for the national portal's sync endpoint: a real HTTP server on 127.0.0.1 in a thread.

It answers like the portal is expected to: 200 for a message, the same 200 (and no second record) for a repeated
idempotency key, and whatever failure a test scripts with ``fail_next``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from motcua.sync.senders import IDEMPOTENCY_HEADER


@dataclass
class FakePortal:
    url: str = ""
    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    requests: int = 0
    failures: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, *statuses: int) -> None:
        """Answer the next requests with these HTTP statuses, in order, before accepting again."""
        with self.lock:
            self.failures.extend(statuses)

    @property
    def keys(self) -> list[str]:
        return [key for key, _body in self.received]


def _handler(portal: FakePortal) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            key = self.headers.get(IDEMPOTENCY_HEADER, "")
            with portal.lock:
                portal.requests += 1
                status = portal.failures.pop(0) if portal.failures else 200
                if status == 200 and key not in portal.keys:
                    portal.received.append((key, body))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"error": "scripted failure"}' if status != 200 else b'{"ok": true}')

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def running_fake_portal() -> Iterator[FakePortal]:
    """Serve a ``FakePortal`` on a free loopback port for the duration of the block."""
    portal = FakePortal()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(portal))
    portal.url = f"http://127.0.0.1:{server.server_address[1]}/dongbo/hoso"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield portal
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
