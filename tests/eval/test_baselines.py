"""Fixed-size baseline chunks: exact offsets, size budget, nothing lost."""

from pathlib import Path

from eval import fixed_size_chunks
from ingest import read_text

REAL = Path(__file__).resolve().parents[2] / "data" / "bulletins" / "000_690db3eaa4e727e3.txt"


def test_fixed_chunks_on_the_real_bulletin():
    text = read_text(REAL)
    chunks = fixed_size_chunks("luohu", text, size=300, overlap=50)
    assert all(text[c.start : c.end] == c.text == c.context_text for c in chunks)
    assert all(len(c.text) <= 300 and c.citation == () for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    # ~29k characters in pieces of at most 300 that overlap and end at paragraphs: more than the
    # 97 a perfect packing needs, far fewer than one per paragraph and sentence
    assert len(text) // 300 < len(chunks) <= 200


def test_small_text_and_bad_sizes():
    assert [c.text for c in fixed_size_chunks("b", "  一是甲。\n\n二是乙。  ", size=300, overlap=0)] == [
        "一是甲。\n\n二是乙。"
    ]
    import pytest

    with pytest.raises(ValueError, match="overlap"):
        fixed_size_chunks("b", "text", size=10, overlap=10)
