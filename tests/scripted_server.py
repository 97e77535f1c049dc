"""A small scripted OpenAI-compatible server on loopback, for fault tests.

Each POST to /v1/chat/completions takes the next step of the script: an HTTP status (with
headers), a delay, a dropped connection, or a chat completion whose tool-call arguments are the
given text. Successful answers replay a real recorded model response from the cassettes.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
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

from tests.replay import CASSETTES

#: Real answers of the embedded model: a whole-schema tool call (the ``single`` strategy) and a
#: one-token decision with its log-probabilities (``decide``).
TOOL_CASSETTE = CASSETTES / "seeds_brief_single.yaml"
DECISION_CASSETTE = CASSETTES / "seeds_brief_decide.yaml"


@functools.cache
def _recorded_body(cassette: str = str(TOOL_CASSETTE)) -> str:
    data = yaml.safe_load(Path(cassette).read_text(encoding="utf-8"))
    posts = [i for i in data["interactions"] if i["request"]["method"] == "POST"]
    return str(posts[0]["response"]["body"]["string"])


def recorded_completion() -> dict[str, Any]:
    """The first tool-call completion the embedded model really returned on the seeds."""
    return json.loads(_recorded_body())  # type: ignore[no-any-return]


def recorded_decision() -> dict[str, Any]:
    """The first one-token decision the embedded model really returned on the seeds, as a chat
    completion (it was recorded through the embedded server's choices route, many a request)."""
    data: dict[str, Any] = json.loads(_recorded_body(str(DECISION_CASSETTE)))
    if data.get("object") != "summarizer.choices":
        return data
    first, n = data["choices"][0], len(data["choices"])
    prompt = data["usage"]["prompt_tokens"] // n
    return {
        "id": "chatcmpl-recorded", "object": "chat.completion", "created": data["created"],
        "model": data["model"], "choices": [{**first, "index": 0}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": 1, "total_tokens": prompt + 1},
    }  # fmt: skip


def recorded_choices(count: int) -> dict[str, Any]:
    """The choices route's answer to ``count`` questions: the recorded first decision each."""
    decision = recorded_decision()
    choice, usage = decision["choices"][0], decision["usage"]
    prompt = usage["prompt_tokens"] * count
    return {
        "object": "summarizer.choices", "created": decision["created"],
        "model": decision["model"],
        "choices": [{**choice, "index": i} for i in range(count)],
        "usage": {"prompt_tokens": prompt, "completion_tokens": 0, "total_tokens": prompt},
    }  # fmt: skip


def recorded_answer(request: dict[str, Any]) -> dict[str, Any]:
    """A real answer of the kind the request asks for."""
    if "questions" in request:
        return recorded_choices(len(request["questions"]))
    return recorded_decision() if request.get("logprobs") else recorded_completion()


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
    #: Requests whose body contains this text always get ``fail_step`` (a 500 unless told).
    fail_when: str | None = None
    fail_step: Step = field(default_factory=lambda: Step(500))
    seen: list[float] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    #: The whole JSON body of each chat request.
    requests: list[dict[str, Any]] = field(default_factory=list)
    #: Batch API state: uploaded files by id, batches by id, and how many polls each took.
    files: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Batch lines whose custom_id contains this text get an answer that fails the schema.
    bad_batch_line: str | None = None

    def next(self, body: str) -> Step:
        self.seen.append(time.monotonic())
        self.bodies.append(body)
        if self.fail_when is not None and self.fail_when in body:
            return self.fail_step
        return self.steps[min(len(self.seen), len(self.steps)) - 1]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver listens with a backlog of 5: the 6th of 16 simultaneous connections had its
    # SYN dropped and retried a second later, which the concurrency benchmark measured as
    # client slowness. A hosted endpoint accepts them all.
    request_queue_size = 128


@contextmanager
def scripted_server(
    steps: list[Step],
    *,
    fail_when: str | None = None,
    fail_step: Step | None = None,
    bad_batch_line: str | None = None,
    port: int = 0,
    one_at_a_time: bool = False,
) -> Iterator[tuple[str, Script]]:
    """``one_at_a_time``: chat requests are answered one after another, each taking its step's
    delay, as a llama.cpp server decodes one request at a time; the others wait."""
    script = Script(steps, fail_when=fail_when, bad_batch_line=bad_batch_line)
    if fail_step is not None:
        script.fail_step = fail_step
    turn: contextlib.AbstractContextManager[object] = (
        threading.Lock() if one_at_a_time else contextlib.nullcontext()
    )

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, status: int, body: Any) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            parts = self.path.split("?")[0].strip("/").split("/")
            if parts[:2] == ["v1", "batches"] and len(parts) == 3:
                batch = script.batches[parts[2]]
                # In progress at the first poll, completed at the next.
                batch["polls"] += 1
                if batch["polls"] >= 2:
                    batch["status"] = "completed"
                    batch["output_file_id"] = batch["pending_output"]
                shown = {k: v for k, v in batch.items() if k not in ("polls", "pending_output")}
                self._json(200, shown)
            elif parts[:2] == ["v1", "files"] and len(parts) == 4 and parts[3] == "content":
                data = script.files[parts[2]]
                self.send_response(200)
                self.send_header("content-type", "application/octet-stream")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            else:
                self._json(404, {"error": {"message": f"no route {self.path}"}})

        def _batch_post(self, path: str, raw: bytes) -> None:
            now = int(time.time())
            if path == "/v1/files":
                # The JSONL is the multipart part that carries a filename.
                message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
                    b"content-type: " + self.headers["content-type"].encode() + b"\r\n\r\n" + raw
                )
                data = next(
                    p.get_payload(decode=True) for p in message.iter_parts() if p.get_filename()
                )
                file_id = f"file-{len(script.files) + 1}"
                script.files[file_id] = data
                self._json(200, {"id": file_id, "object": "file", "bytes": len(data),
                                 "created_at": now, "filename": "batch.jsonl",
                                 "purpose": "batch", "status": "processed"})  # fmt: skip
                return
            request = json.loads(raw)
            out_lines = []
            for line in script.files[request["input_file_id"]].decode().splitlines():
                item = json.loads(line)
                script.bodies.append(item["body"]["messages"][-1]["content"])
                if script.bad_batch_line and script.bad_batch_line in item["custom_id"]:
                    body = completion_with_arguments('{"parties": "none"}')
                else:
                    body = recorded_completion()
                answer = {"status_code": 200, "body": body}
                out_lines.append(json.dumps({"custom_id": item["custom_id"], "response": answer}))
            output_id = f"file-{len(script.files) + 1}"
            script.files[output_id] = ("\n".join(out_lines) + "\n").encode()
            batch_id = f"batch-{len(script.batches) + 1}"
            script.batches[batch_id] = {
                "id": batch_id, "object": "batch", "endpoint": request["endpoint"],
                "input_file_id": request["input_file_id"], "completion_window": "24h",
                "status": "in_progress", "created_at": now, "output_file_id": None,
                "polls": 0, "pending_output": output_id,
            }  # fmt: skip
            shown = {k: v for k, v in script.batches[batch_id].items()
                     if k not in ("polls", "pending_output")}  # fmt: skip
            self._json(200, shown)

        def do_POST(self) -> None:
            if self.path.startswith(("/v1/files", "/v1/batches")):
                length = int(self.headers.get("content-length", 0))
                self._batch_post(self.path.split("?")[0], self.rfile.read(length))
                return
            length = int(self.headers.get("content-length", 0))
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            with turn:
                self._chat(body)

        def _chat(self, body: str) -> None:
            request = json.loads(body) if body else {}
            script.requests.append(request)
            # A choices request (the embedded server's route) is seen by its last question.
            messages = request["questions"][-1]["messages"] if "questions" in request else None
            messages = messages or request.get("messages")
            step = script.next(messages[-1]["content"] if messages else "")
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
                body = recorded_answer(request)
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

    # Parse the cassette before serving: the handler threads would otherwise all parse it at
    # once on the first burst (functools.cache does not lock), which held 100 concurrent
    # requests for 9 s and made the concurrency benchmark measure YAML parsing.
    _recorded_body()
    _recorded_body(str(DECISION_CASSETTE))
    server = _Server(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", script
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def refusing_port() -> Iterator[str]:
    """The URL of a loopback port that refuses connections.

    The socket is bound but never listens: the kernel answers every connection with a reset
    (ECONNREFUSED), and the port stays ours, so no other process can start listening on it
    mid-test."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{held.getsockname()[1]}/v1"


@contextmanager
def hanging_server() -> Iterator[tuple[str, list[socket.socket]]]:
    """A loopback server that accepts every connection and never answers (nor reads): each
    request runs into the client's read timeout. Yields its URL and the connections it holds."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # closed: the context is over
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1", held
    finally:
        # shutdown wakes the blocked accept() (close alone does not on Linux).
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
