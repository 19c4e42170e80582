"""A local stand-in for the WhatsApp Business Cloud API (never the real one): an http.server on
127.0.0.1 on a free port, in a thread, that records each request and answers as told."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeCloudApi:
    url: str = ""
    requests: list[dict] = field(default_factory=list)
    # What the next answers are: (status, JSON body); the last one repeats.
    answers: list[tuple[int, dict]] = field(default_factory=list)
    counter: int = 0

    def answer(self) -> tuple[int, dict]:
        if self.answers:
            return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        self.counter += 1
        return 200, {"messaging_product": "whatsapp", "contacts": [{"wa_id": "x"}],
                     "messages": [{"id": f"wamid.FAKE{self.counter}"}]}


@contextmanager
def fake_cloud_api() -> Iterator[FakeCloudApi]:
    fake = FakeCloudApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            fake.requests.append({"path": self.path, "headers": dict(self.headers),
                                  "json": json.loads(body or b"null")})
            status, answer = fake.answer()
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v21.0"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
