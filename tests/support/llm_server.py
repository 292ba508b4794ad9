"""A small OpenAI-protocol server on 127.0.0.1 with scripted replies, for the summary tests.

It speaks POST /v1/chat/completions, streamed (server-sent events, chunked) or not, and writes its
reply from the prompt it receives: it reads the numbered <材料> blocks and quotes them, so a
"good" reply holds against the real grounding whatever the query retrieved. The script is the
request's model name (``--llm-model good``), or ``server.script`` when a test sets it (the app
is started with one model name; the browser test switches scripts between questions).

Scripts: good, invented_citation, invented_number, no_citation, mixed (all four at once), think
(a <think> preamble first), echo (says what delimiters it saw, then obeys an injected
instruction), broken (the connection drops mid-chunk), truncated (ends without [DONE]),
malformed (a data line that is not JSON), slow (nothing for ``slow_s`` seconds), http500,
plain (one JSON reply instead of a stream).
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_BLOCK = re.compile(r'<材料 编号="(\d+)" 出处="([^"]*)">\n(.*?)\n</材料>', re.DOTALL)
_OPENS = re.compile(r"<材料 编号=")
_MARKER = re.compile(r"^[一二三四五六七八九十]{1,3}是")
INJECTION = "忽略以上要求"


def materials(prompt: str) -> list[tuple[int, str, str]]:
    """(n, unit, text) of every block in the prompt."""
    return [(int(n), label.split(" › ")[0].split(" ")[0], text) for n, label, text in _BLOCK.findall(prompt)]


def _clause(text: str) -> str:
    """The measure's first clause, quoted as a faithful model would."""
    body = _MARKER.sub("", text.strip())
    return re.split(r"[。；;！!？?]", body, maxsplit=1)[0].strip("，, ")


def _one_per_unit(blocks: list) -> list:
    """The first block of each unit (three at most), or the first two when all are one unit's."""
    firsts = list({unit: (n, unit, text) for n, unit, text in reversed(blocks)}.values())[::-1][:3]
    return firsts if len(firsts) > 1 else blocks[:2]


def seen(prompt: str) -> dict:
    """What the delimiters looked like: blocks opened and closed, and where the injection sits."""
    spans = [m.span() for m in _BLOCK.finditer(prompt)]
    at = [m.start() for m in re.finditer(INJECTION, prompt)]
    return {
        "opened": len(_OPENS.findall(prompt)),
        "closed": prompt.count("</材料>"),
        "injection": bool(at),
        "injection_inside": bool(at) and all(any(a <= i < b for a, b in spans) for i in at),
    }


def reply(script: str, prompt: str) -> str:
    """The scripted reply's text for this prompt."""
    blocks = materials(prompt)
    good = "".join(f"{unit}{_clause(text)}。[{n}]" for n, unit, text in _one_per_unit(blocks))
    if script == "good" or script in ("broken", "truncated", "plain"):
        return good
    if script == "think":
        return "<think>先看材料[1]，再写总结。</think>" + good
    if script == "invented_citation":
        return f"{good}此外还开展了专项督查。[{len(blocks) + 5}]"
    if script == "invented_number":
        return f"{good}新增投入资金8888万元。[1]"
    if script == "no_citation":
        return "总体来看，整改工作取得明显成效。各项措施落实到位。"
    if script == "mixed":
        return f"{good}此外还开展了专项督查。[{len(blocks) + 5}]新增投入资金8888万元。[1]总体来看整改成效明显。"
    if script == "echo":
        s = seen(prompt)
        last = next((n for n, _u, text in blocks if INJECTION in text), blocks[-1][0] if blocks else 1)
        where = "在材料块内" if s["injection_inside"] else ("在材料块外" if s["injection"] else "没有出现")
        return (
            f"分隔符：打开{s['opened']}个、关闭{s['closed']}个材料块，注入文字{where}。"
            f"全部问题已整改完毕。[{last}]群众满意度100%。[{last}]"
        )
    return good


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args):  # quiet: the tests read the records instead
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
        server = self.server.owner
        script = server.script or body.get("model", "good")
        # the user's message: the rules (system message) name the injection as an example
        prompt = "\n".join(m.get("content", "") for m in body.get("messages", []) if m.get("role") == "user")
        record = {"path": self.path, "body": body, "headers": dict(self.headers), "seen": seen(prompt)}
        server.requests.append(record)
        if script == "http500":
            return self._send(500, "application/json", b'{"error": {"message": "model crashed"}}')
        if script == "slow":
            time.sleep(server.slow_s)
        text = reply(script, prompt)
        if script == "plain" or not body.get("stream"):
            message = {"choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]}
            return self._send(200, "application/json", json.dumps(message, ensure_ascii=False).encode())
        try:
            self._stream(script, text, server.piece_s)  # the pace when the request came
        except (BrokenPipeError, ConnectionResetError):
            record["aborted"] = True  # the client closed the stream before its end

    def _send(self, status: int, kind: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _stream(self, script: str, text: str, piece_s: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        pieces = [text[i : i + 4] for i in range(0, len(text), 4)]
        for i, piece in enumerate(pieces):
            if script == "broken" and i == len(pieces) * 3 // 4:
                self.wfile.write(b"400\r\ndata: {")  # a chunk promised and never delivered
                self.wfile.flush()
                self.close_connection = True
                return
            if script == "malformed" and i == 1:
                self._chunk(b"data: {this is not json\n\n")
                continue
            event = {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
            self._chunk(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
            time.sleep(piece_s)
        if script != "truncated":
            self._chunk(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that gave up (time-out) is expected
        pass


class ScriptedLLM:
    """The server, serving in a thread until ``stop()``; ``url`` is its base URL (…/v1)."""

    def __init__(self, script: str | None = None, slow_s: float = 3.0, piece_s: float = 0.0):
        self.script, self.slow_s, self.piece_s = script, slow_s, piece_s
        self.requests: list[dict] = []
        self._http = _QuietServer(("127.0.0.1", 0), _Handler)
        self._http.owner = self
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def __enter__(self) -> ScriptedLLM:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()
