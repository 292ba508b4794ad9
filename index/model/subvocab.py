"""Tokenise with the part of a large unigram vocabulary that the text can use; ids unchanged.

XLM-R's tokenizer (e5, bge-m3, multilingual MiniLM) has 250k pieces, and `tokenizers` spends about
0.65 s building its lattice trie on every load: a quarter of the model load of each build, app
start or one-shot search on two cores. A bulletin is Chinese, digits, ASCII and some punctuation.
Every piece made only of such characters (100k of the 250k) is kept in a second tokenizer file,
which loads in about 0.15 s.

Why its ids are exactly the full tokenizer's: the unigram model picks, per pre-tokenised word, the
best-scoring path through the pieces that occur in that word. If every character of the
normalised text is in `ALLOWED`, every piece that occurs in it consists of allowed characters and
so is kept, with its score; the special tokens, the unknown piece and the lowest-scoring piece
(its score sets the penalty of unknown characters) are kept too. Same pieces, same scores, same
normaliser and pre-tokeniser: same path. Kept ids are mapped back to the full vocabulary's.
A text with any other character after normalisation (Korean, accented Latin, halfwidth kana that
normalisation turns into kana) goes to the full tokenizer, which is loaded the first time one
comes. `tests/index/model/test_subvocab.py` checks id equality on every bulletin line.

The reduced file is made once per tokenizer (keyed by the SHA-256 of its tokenizer.json) under
the model cache and written atomically; a file that does not load is made again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import threading

import numpy as np

logger = logging.getLogger(__name__)

MIN_PIECES = 50_000  # smaller vocabularies load fast enough as they are
FORMAT = 1  # bump when the reduced file's layout changes


# Characters of Chinese official text: ASCII, CJK ideographs and punctuation, fullwidth forms,
# general punctuation, and the symbols bulletins number and mark things with.
ALLOWED = (
    (0x00, 0x7F),  # ASCII
    (0xA0, 0xBF),  # Latin-1 signs: ° (NFKC makes ℃ "°C") · ± ¥ §
    (0xD7, 0xD7),  # ×
    (0xF7, 0xF7),  # ÷
    (0x2000, 0x206F),  # general punctuation: “”—…‰
    (0x2100, 0x218F),  # letterlike symbols and number forms: ℃ Ⅱ
    (0x2460, 0x24FF),  # enclosed alphanumerics: ①
    (0x2581, 0x2581),  # sentencepiece's word mark ▁
    (0x25A0, 0x25FF),  # geometric shapes: ●○■
    (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》【】
    (0x3200, 0x33FF),  # enclosed CJK and CJK compatibility: ㈠ ㎡
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFF64),  # fullwidth ASCII and punctuation (not the halfwidth kana after it)
)
_OUTSIDE = re.compile("[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ALLOWED) + "]")


def allowed(text: str) -> bool:
    """Whether every character of `text` is in `ALLOWED`."""
    return _OUTSIDE.search(text) is None


def _special_ids(tok: dict) -> set[int] | None:
    """Ids the pipeline refers to by number, or None for a post-processor this module does not
    know how to renumber."""
    ids = {int(t["id"]) for t in tok.get("added_tokens") or []}
    post = tok.get("post_processor")
    kind = (post or {}).get("type")
    if kind == "TemplateProcessing":
        for spec in post.get("special_tokens", {}).values():
            ids.update(int(i) for i in spec["ids"])
    elif kind in ("RobertaProcessing", "BertProcessing"):
        ids.update(int(post[k][1]) for k in ("sep", "cls"))
    elif post is not None:
        return None
    return ids


def reduce(tok: dict) -> tuple[dict, np.ndarray] | None:
    """The reduced tokenizer of a unigram tokenizer.json (parsed) and, for each of its ids, the
    full vocabulary's id; None where the model is not unigram or small, or the pipeline has parts
    whose ids this module cannot renumber."""
    model = tok.get("model") or {}
    vocab = model.get("vocab")
    special = _special_ids(tok)
    if model.get("type") != "Unigram" or not vocab or len(vocab) < MIN_PIECES or special is None:
        return None
    unk = model.get("unk_id")
    lowest = min(range(len(vocab)), key=lambda i: vocab[i][1])
    must = special | {lowest} | ({int(unk)} if unk is not None else set())
    keep = [i for i, (piece, _score) in enumerate(vocab) if i in must or allowed(piece)]
    new_id = {old: new for new, old in enumerate(keep)}
    out = dict(tok)
    out["model"] = {**model, "vocab": [vocab[i] for i in keep]}
    if unk is not None:
        out["model"]["unk_id"] = new_id[int(unk)]
    out["added_tokens"] = [{**t, "id": new_id[int(t["id"])]} for t in tok.get("added_tokens") or []]
    post = tok.get("post_processor")
    if post and post["type"] == "TemplateProcessing":
        specials = {n: {**s, "ids": [new_id[int(i)] for i in s["ids"]]} for n, s in post["special_tokens"].items()}
        out["post_processor"] = {**post, "special_tokens": specials}
    elif post:
        out["post_processor"] = {**post, **{k: [post[k][0], new_id[int(post[k][1])]] for k in ("sep", "cls")}}
    return out, np.asarray(keep, dtype=np.int64)


class SubVocabTokenizer:
    """``ids(texts)``: token ids of the folder's tokenizer.json, truncated to ``max_length`` with
    special tokens added, through the reduced vocabulary wherever that gives the same ids."""

    def __init__(self, tokenizer_json: str, max_length: int, cache_dir: str) -> None:
        self.path = tokenizer_json
        self.max_length = max_length
        self._full = None
        self._lock = threading.Lock()
        self._small, self._to_full = self._load_reduced(cache_dir)
        if self._small is None:
            self._full = self._prepare(self._load_full())

    def _prepare(self, tokenizer):
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_length)
        return tokenizer

    def _load_full(self):
        from tokenizers import Tokenizer

        return Tokenizer.from_file(self.path)

    def _load_reduced(self, cache_dir: str):
        """The reduced tokenizer and its id map, made and cached on first use; (None, None) when
        this vocabulary has none."""
        from tokenizers import Tokenizer

        with open(self.path, "rb") as fh:
            raw = fh.read()
        key = hashlib.sha256(raw).hexdigest()[:24]
        base = os.path.join(cache_dir, f"subvocab-{FORMAT}-{key}")
        if os.path.isfile(base + ".none"):
            return None, None
        if os.path.isfile(base + ".json"):
            try:
                tok, ids = Tokenizer.from_file(base + ".json"), np.load(base + ".ids.npy")
                if tok.get_vocab_size(with_added_tokens=True) != len(ids):
                    raise ValueError(f"{len(ids)} ids for {tok.get_vocab_size(with_added_tokens=True)} pieces")
                return self._prepare(tok), ids
            except Exception as exc:  # a damaged cache (tokenizers raises plain Exception): make it again
                logger.warning("reduced tokenizer %s did not load (%s); making it again", base, exc)
        reduced = reduce(json.loads(raw))
        text = json.dumps(reduced[0], ensure_ascii=False) if reduced else ""
        try:  # a cache that cannot be written (read-only home) only costs the next load its speed
            os.makedirs(cache_dir, exist_ok=True)
            if reduced is None:
                _write_atomic(base + ".none", b"")
            else:
                _write_atomic(base + ".ids.npy", _npy_bytes(reduced[1]))  # the map first: the .json marks completion
                _write_atomic(base + ".json", text.encode("utf-8"))
        except OSError as exc:
            logger.warning("could not cache the reduced tokenizer in %s (%s)", cache_dir, exc)
        if reduced is None:
            return None, None
        return self._prepare(Tokenizer.from_str(text)), reduced[1]

    def _full_tokenizer(self):
        with self._lock:
            if self._full is None:
                self._full = self._prepare(self._load_full())
        return self._full

    def ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of `texts`, each exactly as the full tokenizer gives them."""
        if self._small is None:
            return [e.ids for e in self._full.encode_batch(texts)]
        normalizer = self._small.normalizer
        normal = [normalizer.normalize_str(t) if normalizer is not None else t for t in texts]
        inside = [allowed(t) for t in normal]
        out: list[list[int]] = [[] for _ in texts]
        small = [i for i, ok in enumerate(inside) if ok]
        if small:
            to_full = self._to_full
            for i, enc in zip(small, self._small.encode_batch([texts[i] for i in small])):
                out[i] = to_full[enc.ids].tolist()
        rest = [i for i, ok in enumerate(inside) if not ok]
        if rest:
            for i, enc in zip(rest, self._full_tokenizer().encode_batch([texts[i] for i in rest])):
                out[i] = enc.ids
        return out


def _npy_bytes(a: np.ndarray) -> bytes:
    import io

    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def _write_atomic(path: str, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
