"""A stand-in SMS gateway: a real HTTP server on 127.0.0.1 (random port) in a thread, never beyond loopback.

It records every request (path, headers, JSON body) and answers 200 ``{"id": ...}`` unless a test scripts the next
answers with ``answer_next``: an HTTP status, or ``"timeout"`` to stay silent longer than the client waits.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TIMEOUT = "timeout"
SILENCE_SECONDS = 1.5


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeGateway:
    url: str = ""
    requests: list[Request] = field(default_factory=list)
    script: list[int | str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer_next(self, *answers: int | str) -> None:
        with self.lock:
            self.script.extend(answers)


def _handler(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            with gateway.lock:
                gateway.requests.append(Request(self.path, dict(self.headers.items()), json.loads(raw)))
                answer = gateway.script.pop(0) if gateway.script else 200
                number = len(gateway.requests)
            if answer == TIMEOUT:
                time.sleep(SILENCE_SECONDS)
                answer = 200
            reply = {"id": f"gw-{number}"} if answer == 200 else {"error": f"scripted {answer}"}
            try:
                self.send_response(int(answer))
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(reply).encode())
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up waiting (the timeout case)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def running_fake_gateway() -> Iterator[FakeGateway]:
    """Serve a ``FakeGateway`` on a free loopback port for the duration of the block."""
    gateway = FakeGateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/api/sms"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
