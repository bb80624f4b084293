"""An interrupt either undoes a door's writes or comes after they are whole: never between.

The signals are raised in this process at exact points, so the outcome cannot depend on timing
(tests/test_update_faults.py sends real SIGTERMs to real runs at several delays).
"""

import signal
from pathlib import Path

import pytest

from mlrepo.formats.transaction import Writes, interruptible


class _InterruptedFinalizer:
    """Like plumbum's and tempfile's finalizers: a SIGTERM handled while one runs raises
    inside `__del__`, where Python prints the exception and drops it."""

    def __del__(self):
        signal.raise_signal(signal.SIGTERM)


def test_an_interrupt_a_finalizer_swallowed_still_stops_the_writes(tmp_path, capfd):
    writes = Writes(tmp_path)
    writes.add("new.txt", b"new\n")
    with pytest.raises(KeyboardInterrupt), interruptible():
        finalized = _InterruptedFinalizer()
        del finalized
        writes.apply()
    assert list(tmp_path.iterdir()) == []
    assert "Exception ignored" not in capfd.readouterr().err


def test_an_interrupt_after_the_writes_commit_lets_the_door_finish(tmp_path):
    writes = Writes(tmp_path)
    writes.add("a.txt", b"a\n")
    writes.add("docs/b.txt", b"b\n")
    with interruptible():
        writes.apply()
        signal.raise_signal(signal.SIGTERM)
        finished = True
    assert finished
    assert (tmp_path / "a.txt").read_bytes() == b"a\n"
    assert (tmp_path / "docs/b.txt").read_bytes() == b"b\n"


def test_an_interrupt_before_the_writes_leaves_nothing(tmp_path):
    (tmp_path / "kept.txt").write_bytes(b"mine\n")
    writes = Writes(tmp_path)
    writes.add("kept.txt", b"theirs\n")
    with pytest.raises(KeyboardInterrupt), interruptible():
        signal.raise_signal(signal.SIGHUP)
        writes.apply()
    assert [p.name for p in tmp_path.iterdir()] == ["kept.txt"]
    assert (tmp_path / "kept.txt").read_bytes() == b"mine\n"


def test_the_handlers_are_restored_after_the_door(tmp_path):
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    with interruptible():
        Writes(tmp_path).apply()
    assert {sig: signal.getsignal(sig) for sig in before} == before


def test_the_scratch_folder_goes_however_the_door_ends(tmp_path, monkeypatch):
    import tempfile

    from mlrepo.formats.transaction import scratch

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(KeyboardInterrupt), interruptible(), scratch("mlrepo-test-") as folder:
        (folder / "deep" / "er").mkdir(parents=True)
        (folder / "deep" / "er" / "file").write_bytes(b"x" * 100)
        signal.raise_signal(signal.SIGTERM)
    assert list(tmp_path.iterdir()) == []


def test_a_librarys_temporary_folders_made_in_the_door_go_with_its_scratch(tmp_path, monkeypatch):
    """copier's `old_copy`/`new_copy` are TemporaryDirectory objects: an interrupt between
    their `mkdtemp` and the `with`, or inside their clean-up, used to leave one behind."""
    import os
    import tempfile

    from mlrepo.formats.transaction import scratch

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    with pytest.raises(KeyboardInterrupt), interruptible(), scratch("mlrepo-test-") as folder:
        leaked = tempfile.mkdtemp(prefix="copier._main.old_copy.")  # never cleaned up here
        assert Path(leaked).parent == folder
        assert os.environ["TMPDIR"] == str(folder)
        signal.raise_signal(signal.SIGTERM)
    assert list(tmp_path.iterdir()) == []
    assert tempfile.gettempdir() == str(tmp_path)
    assert os.environ["TMPDIR"] == str(tmp_path)


def test_a_second_signal_while_the_first_unwinds_does_not_cut_the_cleanup_short():
    cleaned = []
    with pytest.raises(KeyboardInterrupt), interruptible():
        try:
            signal.raise_signal(signal.SIGTERM)
        finally:
            signal.raise_signal(signal.SIGTERM)  # recorded: the first interrupt is on its way
            cleaned.append(True)
    assert cleaned == [True]
