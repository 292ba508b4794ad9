"""English query words turned into the index's Chinese words with CC-CEDICT and the field glossary."""

from index.search.en_zh import Translator, has_latin
from index.search.query import prepare


def test_names_by_pinyin_and_topics_by_dictionary():
    tr = Translator(["罗湖", "养老", "床位", "深汕", "明珠", "湾", "舆情"])
    words = tr.words("Luohu elderly care beds")
    assert words[0] == "罗湖" and "养老" in words and "床位" in words
    assert tr.words("Shenshan") == ["深汕"]  # not in CC-CEDICT: spelt from its characters' readings
    assert tr.words("Mingzhuwan") == ["明珠", "湾"]
    # the field glossary: "online" is 网络 here (网络舆情), not CC-CEDICT's 在线
    assert tr.words("online public opinion") == ["网络", "舆情", "舆论"]


def test_only_words_of_the_index_come_back_except_the_field_glossary():
    tr = Translator(["床位"])
    assert tr.words("hospital beds") == ["床位"]  # 医院 is not in the vocabulary
    assert tr.words("teacher ethics") == ["师德", "师德师风"]  # the glossary says what the query is about
    assert tr.words("the of and") == []


def test_chinese_queries_are_left_alone():
    def never(query):
        raise AssertionError("a Chinese query must not be translated")

    assert not has_latin("养老床位怎么整改的") and has_latin("P2P 网贷 risk")
    assert prepare("养老床位怎么整改的", never) == ("养老床位怎么整改的", "养老床位怎么整改的", (), ())
    q = prepare("Luohu elderly beds", lambda q: [["罗湖"], ["养老", "老人"], ["床位", "养老"]])
    assert q.dense == "罗湖 养老 老人 床位" and q.lexical == "Luohu elderly beds 罗湖 养老 老人 床位"
    assert q.expansion == ("罗湖", "养老", "老人", "床位")  # each word once, in query order
    assert q.units == (("罗湖",), ("养老", "老人"), ("床位", "养老"))  # grouped by English word
    assert prepare("明珠湾管理局 business", lambda q: [["营商"]]).dense == "明珠湾管理局 营商"
    assert prepare("P2P lending", lambda q: [[]]) == ("P2P lending", "P2P lending", (), ())  # nothing in its place
    assert prepare("Luohu beds", lambda q: [["罗湖"]], expand_dense=False).dense == "Luohu beds"


def test_a_field_phrase_is_found_around_one_inserted_word():
    tr = Translator(["带病提拔", "存在", "干部", "网络", "舆情"])
    assert tr.units("officials promoted despite existing problems") == [["干部"], ["带病提拔"]]
    assert tr.units("promoted despite problems") == [["带病提拔"]]  # the glossary's own phrase
    # a word that is a field word with its neighbour is no insertion: online + public opinion
    assert tr.words("online public opinion") == ["网络", "舆情", "舆论"]


def test_a_two_word_field_phrase_is_found_the_other_way_round():
    tr = Translator(["巡河", "河长", "垃圾分类"])
    assert tr.units("river chiefs patrolling rivers") == [["河长"], ["巡河"]]  # river patrols
    assert tr.units("sorting waste") == [["垃圾分类"]]  # waste sorting
