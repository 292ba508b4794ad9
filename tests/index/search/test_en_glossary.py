"""The field's English vocabulary: every taxonomy keyword has English, and the translator finds it
in the forms readers type (plural, British spelling, two phrases sharing a word)."""

from index.search.en_glossary import TAXONOMY_EN, glossary
from index.search.en_zh import Translator
from ingest.category_terms import KEYWORDS


def test_every_taxonomy_keyword_has_english_names():
    keywords = {word for terms in KEYWORDS.values() for word in terms}
    assert keywords - set(TAXONOMY_EN) == set(), "give these taxonomy keywords English names in TAXONOMY_EN"
    assert set(TAXONOMY_EN) - keywords == set(), "these are not taxonomy keywords: move them to WORKING_EN"
    assert all(names and all(n == n.lower() for n in names) for names in TAXONOMY_EN.values())


def test_every_field_term_of_the_tokenizer_has_english_names():
    from index.search.en_glossary import COMPOSED, WORKING_EN
    from index.store.field_terms import FIELD_TERMS

    missing = set(FIELD_TERMS) - set(TAXONOMY_EN) - set(WORKING_EN) - set(COMPOSED)
    assert missing == set(), "give these field terms English names in WORKING_EN (or list them in COMPOSED)"
    assert not set(COMPOSED) & (set(TAXONOMY_EN) | set(WORKING_EN)), "a composed term has no name of its own"


def test_a_name_shared_by_two_terms_gives_both():
    assert glossary()["solid waste"] == ("固体废弃物", "固体废物")
    assert glossary()["previous inspection"] == ("上轮巡视", "上轮巡察")


def test_the_field_sense_comes_before_the_dictionary_one():
    tr = Translator(["党", "聚会", "党费", "禁毒", "毒品", "扫黑除恶"])
    assert tr.words("party") == ["党"]  # not CC-CEDICT's 聚会 (a gathering)
    assert tr.words("Party Membership Fee") == ["党费"]  # singular and capitalised: the same key
    assert tr.words("anti-drug work") == ["禁毒"]
    assert tr.words("organised crime") == ["扫黑除恶"]  # British spelling


def test_phrases_that_share_a_word_give_both():
    tr = Translator(["农村", "饮水", "水质", "质量"])
    assert tr.units("rural drinking water quality") == [["农村"], ["饮水"], ["水质"]]
    assert tr.units("drinking water") == [["饮水"]]
