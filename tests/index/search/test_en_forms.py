"""English words a query spells otherwise than CC-CEDICT (issue #24): British spellings and
derived forms are looked up as the dictionary writes them."""

import pytest

from index.search.en_zh import Translator, _forms


@pytest.mark.parametrize(
    "phrase, form",
    [
        ("odour", "odor"),
        ("organised crime", "organized crime"),
        ("religious", "religion"),
        ("institutional", "institution"),
        ("demolition", "demolish"),
    ],
)
def test_other_forms_are_tried_after_the_word_itself(phrase, form):
    forms = _forms(phrase)
    assert forms[0] == phrase and form in forms


def test_a_derived_word_finds_the_dictionary_word():
    t = Translator(["宗教", "制度", "拆除"])
    assert "宗教" in t.words("religious affairs")
    assert "拆除" in t.words("demolition of buildings")
    assert t.words("religion") == ["宗教"]  # the word itself first: no guessing where it is found


def test_a_word_with_no_definition_of_its_own_finds_a_two_word_one():
    # CC-CEDICT has 异味 "peculiar odor" but no word defined as "odor" alone among these
    t = Translator(["异味", "投诉"])
    assert "异味" in t.words("odour complaints")


def test_a_definitions_first_clause_finds_its_word():
    # CC-CEDICT: 社会信用体系 "social credit system, a system that incentivizes individuals …"
    assert Translator(["社会信用体系"]).words("social credit system") == ["社会信用体系"]


def test_a_persons_name_in_two_capitalised_words_is_spelt_as_one():
    t = Translator(["李希", "讲话", "希望"])
    assert t.words("Li Xi remarks") == ["李希", "讲话"]
    assert "李希" not in t.words("li xi")  # not capitalised: not taken for a name


def test_phrases_that_only_ask_add_nothing():
    t = Translator(["若干", "整改", "至今"])
    assert t.words("how many rectified so far") == ["整改"]  # not CC-CEDICT's 若干 (how many), 至今


def test_a_word_in_cc_cedict_is_spelt_only_its_own_way():
    # 单 reads shan as a surname; 单位 is danwei, so "Shanwei" must not come back as 单位
    assert Translator(["单位"]).words("Shanwei") == []


def test_an_irregular_form_finds_its_dictionary_word():
    # held, children and brought are not undone by suffix rules: their lemmas are looked up
    t = Translator(["举行", "儿童", "带来"])
    assert t.words("meetings held in January") == ["举行", "1月"]
    assert t.words("children") == ["儿童"]
    assert t.words("brought") == ["带来"]
    assert Translator(["举行"]).words("Heldburg") == []  # a name the lemma tables do not know
