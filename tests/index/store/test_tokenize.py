"""BM25 tokens: jieba search mode, NFKC and lower case, no stopwords or punctuation, field terms."""

import json

from index.store import load_index
from index.store.bm25_build import bm25_in_memory
from index.store.tokenize import TOKENIZER_VERSION, tokenize


def test_search_mode_gives_words_and_their_parts():
    tokens = tokenize("养老服务中心")
    assert "养老" in tokens and "服务" in tokens


def test_full_width_and_case_fold_to_the_same_tokens():
    assert tokenize("ＡＢＣ养老") == tokenize("abc养老")


def test_question_words_and_punctuation_are_dropped():
    tokens = tokenize("养老床位怎么整改的？")
    assert "怎么" not in tokens and "的" not in tokens and "？" not in tokens
    assert "养老" in tokens and "床位" in tokens


def test_empty_text_has_no_tokens():
    assert tokenize("") == [] and tokenize("，。") == []


def test_field_terms_are_tokens_beside_their_parts():
    assert {"师德", "师德师风"} <= set(tokenize("师德师风问题怎么整改的"))
    assert "师德师" not in tokenize("师德师风")  # jieba alone cuts it as 师德师 + 风
    assert {"八项", "规定", "八项规定"} <= set(tokenize("中央八项规定精神"))


def test_a_long_term_still_yields_the_term_inside_it():
    # search mode emits only 2- and 3-character parts of 意识形态工作责任制
    assert "意识形态" in tokenize("意识形态工作责任制落实不到位")
    assert "民主生活会" in tokenize("巡察整改专题民主生活会")


def test_an_index_built_with_another_tokenizer_is_retokenised_on_load(small_index):
    manifest = json.loads((small_index / "manifest.json").read_text(encoding="utf-8"))
    # stand-in for tokens of an older tokenizer: BM25 over texts that share nothing with the queries
    bm25_in_memory(["无关"] * manifest["n_chunks"]).save(small_index / "bm25")
    assert load_index(small_index).bm25.search("饮水", 3)[1].size == 0  # same version: used as stored
    manifest["bm25_tokenizer"] = "jieba-search-1"
    (small_index / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    scores, ids = load_index(small_index).bm25.search("饮水", 3)
    assert ids.size > 0 and manifest["bm25_tokenizer"] != TOKENIZER_VERSION
