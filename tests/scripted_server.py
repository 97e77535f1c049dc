"""A small scripted OpenAI-compatible server on loopback, for fault tests.

Each POST to /v1/chat/completions takes the next step of the script: an HTTP status (with
headers), a delay, a dropped connection, or a chat completion whose tool-call arguments are the
given text. Successful answers replay a real recorded model response from the cassettes.
"""

from __future__ import annotations

import functools
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

CASSETTE = Path(__file__).resolve().parent.parent / "cassettes" / "seeds_brief.yaml"


@functools.cache
def _recorded_body() -> str:
    data = yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))
    posts = [i for i in data["interactions"] if i["request"]["method"] == "POST"]
    return str(posts[0]["response"]["body"]["string"])


def recorded_completion() -> dict[str, Any]:
    """The first chat completion the embedded model really returned in the seeds cassette."""
    return json.loads(_recorded_body())  # type: ignore[no-any-return]  # type: ignore[no-any-return]


def completion_with_arguments(arguments: str) -> dict[str, Any]:
    completion = recorded_completion()
    completion["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = arguments
    return completion


@dataclass
class Step:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    drop: bool = False
    body: dict[str, Any] | None = None


@dataclass
class Script:
    """The steps to play (the last one repeats), and what the server saw."""

    steps: list[Step]
    #: Requests whose body contains this text always get a 500.
    fail_when: str | None = None
    seen: list[float] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)

    def next(self, body: str) -> Step:
        self.seen.append(time.monotonic())
        self.bodies.append(body)
        if self.fail_when is not None and self.fail_when in body:
            return Step(500)
        return self.steps[min(len(self.seen), len(self.steps)) - 1]


@contextmanager
def scripted_server(
    steps: list[Step], *, fail_when: str | None = None
) -> Iterator[tuple[str, Script]]:
    script = Script(steps, fail_when=fail_when)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            step = script.next(json.loads(body)["messages"][-1]["content"] if body else "")
            if step.delay_s:
                time.sleep(step.delay_s)
            if step.drop:
                # Reset the connection: RST instead of a response.
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                self.connection.close()
                return
            if step.body is not None:
                body = step.body
            elif step.status == 200:
                body = recorded_completion()
            else:
                body = {"error": {"message": f"scripted {step.status}"}}
            payload = json.dumps(body).encode()
            try:
                self.send_response(step.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for name, value in step.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (read timeout)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", script
    finally:
        server.shutdown()
        server.server_close()
