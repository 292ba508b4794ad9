"""Property: over random sequences of add, update, rebuild a subset, remove, damage, repair and
kill -9 mid-build, no bulletin disappears from the index unless it was removed explicitly."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from index import IndexLoadError, build_index
from index.build import repair_index
from index.store import index_exists, load_index
from support.safety import REPO, write_bulletin

# Runs `python -m ingest ARGS…` but stops at POINT (prints AT-POINT, then waits to be killed):
# before anything is written, half-way through writing the new folder, or between the two renames
# that swap it in.
KILLER = r"""
import os, sys, time
import index.build.build as build
import index.store.folder as store
point = sys.argv[1]
def hold():
    print("AT-POINT", flush=True)
    time.sleep(600)
if point == "before writing":
    write_entries = build.write_entries
    def stop_first(*args, **kwargs):
        hold()
    build.write_entries = stop_first
elif point == "writing":
    write_jsonl = store._write_jsonl
    def stop_after(path, rows):
        write_jsonl(path, rows)
        hold()
    store._write_jsonl = stop_after
else:
    rename = os.rename
    def stop_between(a, b):
        rename(a, b)
        if ".old-" in str(b):
            hold()
    os.rename = stop_between
from index.cli.build import main
sys.exit(main(sys.argv[2:]))
"""
NAMES = st.sampled_from(["dong", "xi", "nan", "bei", "zhong"])
DAMAGES = {
    "chunks garbage": lambda d: (d / "chunks.jsonl").open("a", encoding="utf-8").write("not json\n"),
    "faiss truncated": lambda d: (d / "dense.faiss").write_bytes((d / "dense.faiss").read_bytes()[:30]),
    "manifest deleted": lambda d: (d / "manifest.json").unlink(),
    "manifest edited": lambda d: (d / "manifest.json").write_text('"not an object"', encoding="utf-8"),
    "a stored text deleted": lambda d: next((d / "texts").glob("*.txt")).unlink(),
}


def machine(embedder, spec: str):
    class NeverLost(RuleBasedStateMachine):
        """``kept`` are the bulletins that must be in the index; ``maybe`` the ones a killed build
        may or may not have added."""

        @initialize()
        def start(self):
            self.root = Path(tempfile.mkdtemp(prefix="never-lost-"))
            self.src, self.index = self.root / "src", self.root / "index"
            self.kept, self.maybe, self.version = set(), set(), {}
            self.damaged = False

        def teardown(self):
            shutil.rmtree(self.root, ignore_errors=True)

        def _ingest(self, files, **kwargs) -> bool:
            """Run a build; on a damaged index it must refuse (and change nothing)."""
            try:
                build_index(files, self.index, embedder=embedder, show_progress=False, **kwargs)
            except IndexLoadError as exc:
                assert self.damaged and "--repair" in str(exc)
                return False
            assert not self.damaged
            return True

        @rule(name=NAMES)
        def add_or_update(self, name):
            self.version[name] = self.version.get(name, -1) + 1
            if self._ingest([write_bulletin(self.src, name, self.version[name])]):
                self.kept.add(name)

        @precondition(lambda self: self.kept)
        @rule(data=st.data())
        def rebuild_a_subset(self, data):
            subset = data.draw(st.lists(st.sampled_from(sorted(self.kept)), min_size=1, unique=True))
            self._ingest([self.src / f"{n}.txt" for n in subset], rebuild=True)

        @precondition(lambda self: self.kept)
        @rule(data=st.data())
        def remove(self, data):
            name = data.draw(st.sampled_from(sorted(self.kept)))
            if len(self.kept) == 1 and not self.damaged:  # an index is never emptied by removal
                with pytest.raises(ValueError, match="would leave .* empty"):
                    self._ingest([], remove=[name])
            elif self._ingest([], remove=[name]):
                self.kept.discard(name)

        @precondition(lambda self: self.kept and not self.damaged)
        @rule(how=st.sampled_from(sorted(DAMAGES)))
        def damage(self, how):
            DAMAGES[how](self.index)
            self.damaged = True

        @precondition(lambda self: self.damaged)
        @rule()
        def repair(self):
            report = repair_index(self.index, embedder=embedder, show_progress=False)
            assert not report.lost
            self.damaged = False

        @rule(name=NAMES, point=st.sampled_from(["before writing", "writing", "between renames"]))
        def kill_mid_build(self, name, point):
            self.version[name] = self.version.get(name, -1) + 1
            path = write_bulletin(self.src, name, self.version[name])
            proc = subprocess.Popen(
                [sys.executable, "-c", KILLER, point, str(path), "--index", str(self.index), "--model", spec, "-q"],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            for line in proc.stdout:  # a refused build (damaged index) exits without reaching it
                if line.startswith("AT-POINT"):
                    proc.send_signal(signal.SIGKILL)
                    break
            proc.wait()
            proc.stdout.close()
            if not self.damaged:
                self.maybe.add(name)

        @invariant()
        def nothing_disappears(self):
            if self.damaged:
                return
            # index_exists also puts back an index whose swap was killed between the two renames
            assert index_exists(self.index) or not self.kept
            if not self.kept and not index_exists(self.index):
                return
            held = set(load_index(self.index).bulletins)
            assert self.kept <= held <= self.kept | self.maybe, (self.kept, held, self.maybe)
            self.kept, self.maybe = held, set()
            assert not list(self.index.parent.glob(".index.tmp-*"))  # a killed save's leftovers go

    return NeverLost


def test_property_no_bulletin_disappears_unless_removed(tiny_embedder, tiny_spec):
    run_state_machine_as_test(
        machine(tiny_embedder, tiny_spec),
        settings=settings(max_examples=6, stateful_step_count=8, deadline=None),
    )
