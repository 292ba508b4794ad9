"""The reduced-vocabulary tokenizer gives the full tokenizer's ids, text by text."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram

from index.model import subvocab
from index.model.subvocab import SubVocabTokenizer, allowed, reduce

ROOT = Path(__file__).resolve().parents[3]
OUTSIDE = [
    "passage: 한국어 보고서",  # Korean: not in the reduced vocabulary
    "passage: café résumé naïve",
    "query: ｶﾀｶﾅ",  # halfwidth kana, which NFKC turns into kana
    "query: <mask> 养老床位",
    "passage: 𠀀𠀁 extension B",
    "passage: Ελληνικά и русский",
]
INSIDE = [
    "passage: ①②③ ℃ ㎡ Ⅱ ● ×÷ · —“”…",
    "query: 养老床位怎么整改的",
    "passage: \u3000全角　空格 and ASCII\ttabs",
    "passage: ＡＢＣ１２３，。",  # fullwidth forms normalise to ASCII
    "",
]


def full_ids(path: str, texts: list[str], max_length: int = 512) -> list[list[int]]:
    tok = Tokenizer.from_file(path)
    tok.no_padding()
    tok.enable_truncation(max_length=max_length)
    return [e.ids for e in tok.encode_batch(texts)]


@pytest.fixture(scope="module")
def bundled_json():
    from index.model.bundled import bundled_model_dir

    return os.path.join(bundled_model_dir(), "tokenizer.json")


def bulletin_texts() -> list[str]:
    lines = []
    for path in sorted((ROOT / "data" / "bulletins").glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return ["passage: " + line for line in lines] + ["query: " + line[:30] for line in lines]


def test_every_bulletin_line_gets_the_full_ids_through_the_reduced_vocabulary(bundled_json, tmp_path):
    texts = bulletin_texts()
    sub = SubVocabTokenizer(bundled_json, 512, str(tmp_path))
    assert sub.ids(texts) == full_ids(bundled_json, texts)
    assert sub._full is None  # no line needed the full vocabulary: the reduced one did the work
    reduced = Tokenizer.from_file(next(str(p) for p in tmp_path.glob("subvocab-*.json")))
    assert reduced.get_vocab_size() < Tokenizer.from_file(bundled_json).get_vocab_size() / 2


def test_text_outside_the_reduced_characters_goes_to_the_full_tokenizer(bundled_json, tmp_path):
    sub = SubVocabTokenizer(bundled_json, 512, str(tmp_path))
    assert sub.ids(INSIDE) == full_ids(bundled_json, INSIDE) and sub._full is None
    mixed = INSIDE + OUTSIDE
    assert sub.ids(mixed) == full_ids(bundled_json, mixed)
    assert sub._full is not None


def test_truncation_matches(bundled_json, tmp_path):
    texts = ["passage: " + "养老床位建设" * 200, "passage: " + "한" * 900]
    assert SubVocabTokenizer(bundled_json, 64, str(tmp_path)).ids(texts) == full_ids(bundled_json, texts, 64)


def test_the_reduced_file_is_reused_and_a_damaged_one_is_made_again(bundled_json, tmp_path, caplog):
    texts = bulletin_texts()[:50]
    SubVocabTokenizer(bundled_json, 512, str(tmp_path))
    made = next(tmp_path.glob("subvocab-*.json"))
    stamp = made.stat().st_mtime_ns
    assert SubVocabTokenizer(bundled_json, 512, str(tmp_path)).ids(texts) == full_ids(bundled_json, texts)
    assert made.stat().st_mtime_ns == stamp  # loaded, not made again
    made.write_text('{"version": "1.0", "model": ', encoding="utf-8")  # a half-written file
    with caplog.at_level("WARNING", logger="index.model.subvocab"):
        sub = SubVocabTokenizer(bundled_json, 512, str(tmp_path))
    assert "making it again" in caplog.text
    assert sub.ids(texts) == full_ids(bundled_json, texts) and sub._full is None


def _unigram_file(folder: Path) -> str:
    """A small unigram tokenizer with unknown characters, multi-character pieces spanning allowed
    and other characters, and its lowest-scoring piece outside the allowed set."""
    rng = random.Random(7)
    chars = list("养老床位整改问题abc123") + ["é", "한", "ж"]
    pieces = {"▁": -2.0}
    for _ in range(300):
        piece = "".join(rng.choice(chars) for _ in range(rng.randint(1, 3)))
        pieces.setdefault(piece, -rng.uniform(1, 12))
    pieces["éж"] = -40.0  # the lowest score: it sets the penalty of unknown characters
    for ch in "养老abc1":  # some characters have no piece of their own
        pieces.pop(ch, None)
    vocab = [("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)] + sorted(pieces.items())
    tok = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    path = str(folder / "tokenizer.json")
    tok.save(path)
    return path


def test_a_small_unigram_vocabulary_with_unknown_characters(tmp_path, monkeypatch):
    monkeypatch.setattr(subvocab, "MIN_PIECES", 10)
    path = _unigram_file(tmp_path)
    rng = random.Random(11)
    inside = ["".join(rng.choice("养老床位整改问题abc123 ") for _ in range(rng.randint(0, 30))) for _ in range(300)]
    sub = SubVocabTokenizer(path, 512, str(tmp_path / "cache"))
    assert sub.ids(inside) == full_ids(path, inside) and sub._full is None
    others = [t + rng.choice("é한ж") for t in inside[:50]]
    assert sub.ids(others) == full_ids(path, others)


def test_vocabularies_it_does_not_reduce(tmp_path, monkeypatch):
    path = _unigram_file(tmp_path)  # small: below MIN_PIECES
    assert reduce(json.loads(Path(path).read_text(encoding="utf-8"))) is None
    sub = SubVocabTokenizer(path, 512, str(tmp_path / "cache"))
    assert sub._small is None and sub.ids(["养老 abc"]) == full_ids(path, ["养老 abc"])
    assert list((tmp_path / "cache").glob("subvocab-*.none"))  # remembered: not parsed again next time


def test_allowed_characters():
    assert allowed("罗湖区 › 第一方面:①℃㎡ ABC-1,。《》") and allowed("")
    assert not any(allowed(ch) for ch in "한éｶжα")


def test_a_cache_that_cannot_be_written_still_tokenises(bundled_json, tmp_path, caplog):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")  # makedirs fails: a file is in the way
    texts = bulletin_texts()[:20]
    with caplog.at_level("WARNING", logger="index.model.subvocab"):
        sub = SubVocabTokenizer(bundled_json, 512, str(blocked / "cache"))
    assert "could not cache" in caplog.text
    assert sub.ids(texts) == full_ids(bundled_json, texts) and sub._full is None
