"""BM25 tokens: jieba search mode, NFKC and lower case, no stopwords or punctuation."""

from index.store.tokenize import tokenize


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
