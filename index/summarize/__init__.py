"""summarize: written summaries of the retrieved measures through an OpenAI-compatible server,
faithful by construction (issue #24).

Off unless a server is configured (``LLMConfig.resolve``: ``--llm-url/--llm-model/--llm-key-file``
or BULLETIN_LLM_URL / _MODEL / _KEY_FILE / _KEY). The prompt holds only the retrieved measures,
numbered [1]..[n] inside delimited blocks (prompt.py); the reply is split into sentences and
each is kept only when its [n] name retrieved measures and its figures and words are found in
them (grounding.py); the rest is shown as 未采用 with the reason. A failing server gives one
Chinese line (client.py) and the extractive answer stays.
"""

from .check import KNOWN_QUESTION, KNOWN_SOURCES, check, verdict
from .client import LLMError, complete
from .config import ENV_KEY, ENV_KEY_FILE, ENV_MODEL, ENV_URL, LLMConfig
from .grounding import MARK, Dropped, Grounder, Sentence, Summary, judge, split_sentences
from .numbers import numbers
from .prompt import INSTRUCTION, MAX_SOURCES, MAX_TOTAL_CHARS, Source, answer_messages, compare_messages
from .stream import answer_summary, compare_summary, final, summary_stream

__all__ = [
    "ENV_KEY",
    "ENV_KEY_FILE",
    "ENV_MODEL",
    "ENV_URL",
    "INSTRUCTION",
    "KNOWN_QUESTION",
    "KNOWN_SOURCES",
    "MARK",
    "MAX_SOURCES",
    "MAX_TOTAL_CHARS",
    "Dropped",
    "Grounder",
    "LLMConfig",
    "LLMError",
    "Sentence",
    "Source",
    "Summary",
    "answer_messages",
    "answer_summary",
    "check",
    "compare_messages",
    "compare_summary",
    "complete",
    "final",
    "judge",
    "numbers",
    "split_sentences",
    "summary_stream",
    "verdict",
]
