"""Saving into `cartagena serve --save-dir`: whole or not at all, and like any other file of the
user's: an existing file keeps its mode, a new one follows the umask, the folder is fsynced after
the rename, the temporary files of a save killed half-way (kill -9) are removed at the next start
and before each save, and a folder that is gone is a 409 that says so (never a traceback)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from engine.serve.saving import FolderProblem, Saver, remove_orphans
from tests.clirun import ROOT, cartagena
from tests.servekit import serving

SAMPLE = ROOT / "profiles" / "sampleland-no-competent-national-authority.json"
PROFILE = SAMPLE.read_bytes()


def dead_pid() -> int:
    """The pid of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_an_existing_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path: Path) -> None:
    existing = tmp_path / "xsa-profile.json"
    existing.write_text("{}")
    existing.chmod(0o644)
    for running in serving(save_dir=tmp_path):
        assert running.post_json("/api/save", PROFILE)[0] == 200
        assert stat.S_IMODE(existing.stat().st_mode) == 0o644  # not 0600, as a temporary file is made
        assert json.loads(existing.read_text()) == json.loads(PROFILE)
        existing.chmod(0o664)
        assert running.post_json("/api/save", PROFILE)[0] == 200
        assert stat.S_IMODE(existing.stat().st_mode) == 0o664


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o027, 0o640)])
def test_a_new_file_follows_the_umask_of_cartagena_serve(tmp_path: Path, umask: int, mode: int) -> None:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "serve", "--port", "0", "--engine", "python", "--quiet", "--save-dir", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, umask=umask,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline().split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("POST", "/api/save", body=PROFILE, headers={
            "Host": f"127.0.0.1:{port}", "Content-Type": "application/json", "X-Cartagena-Request": "1"})
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert stat.S_IMODE((tmp_path / "xsa-profile.json").stat().st_mode) == mode


def test_the_folder_is_fsynced_after_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "file")
        real_fsync(descriptor)

    def replace(source: Any, target: Any) -> None:
        synced.append("rename")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    Saver(tmp_path).save("xsa-profile.json", PROFILE)
    assert synced == ["file", "rename", "folder"]


def test_temporary_files_of_a_killed_save_are_removed_at_start_and_before_each_save(tmp_path: Path) -> None:
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        orphan = tmp_path / f".cartagena-{dead_pid()}-0123456789ab.tmp"
        older = tmp_path / ".cartagena-k3j4h5_x.tmp"  # tempfile.mkstemp's name, as saves before this change made them
        busy = tmp_path / f".cartagena-{living.pid}-ba9876543210.tmp"  # another serve's save under way
        mine = tmp_path / "notes.tmp"
        for path in (orphan, older, busy, mine):
            path.write_text('{"party": ')
        saver = Saver(tmp_path)  # start-up
        assert sorted(path.name for path in tmp_path.iterdir()) == sorted([busy.name, mine.name])
        orphan.write_text('{"party": ')
        saver.save("xsa-profile.json", PROFILE)
        assert sorted(path.name for path in tmp_path.iterdir()) == sorted([busy.name, mine.name, "xsa-profile.json"])
    finally:
        living.kill()
        living.wait()
    assert remove_orphans(tmp_path) == [busy.name]


def test_a_serve_killed_during_saves_leaves_a_whole_file_and_the_next_start_cleans_up(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "cli.py"), "serve", "--port", "0", "--engine", "python", "--quiet", "--save-dir", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline().split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
    profile = json.loads(PROFILE)
    profile["national_biosafety_framework"]["national_measures"]["evidence"] = [{"note": "n" * 9000}] * 60
    body = json.dumps(profile).encode()
    stop = threading.Event()

    def save_again_and_again() -> None:
        import http.client

        while not stop.is_set():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                connection.request("POST", "/api/save", body=body, headers={
                    "Host": f"127.0.0.1:{port}", "Content-Type": "application/json", "X-Cartagena-Request": "1"})
                connection.getresponse().read()
            except (OSError, http.client.HTTPException):  # the server killed mid-answer: a cut response too
                return
            finally:
                connection.close()  # (left open, its socket warns in whichever test the collector runs)

    clients = [threading.Thread(target=save_again_and_again) for _ in range(3)]
    for client in clients:
        client.start()
    time.sleep(1.5)
    process.kill()  # kill -9: no clean-up of its own
    process.communicate()
    stop.set()
    for client in clients:
        client.join()
    saved = tmp_path / "xsa-profile.json"
    assert json.loads(saved.read_text()) == profile  # whole: the rename is atomic
    Saver(tmp_path)  # what `serve --save-dir` does at start
    assert [path.name for path in tmp_path.iterdir()] == ["xsa-profile.json"]
    assert cartagena("validate", str(saved)).returncode == 0


def test_a_folder_that_is_gone_is_a_409_that_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    for running in serving(save_dir=folder):
        folder.rmdir()
        status, answer = running.post_json("/api/save", PROFILE)
        assert status == 409 and answer == {"message": (
            f"Not saved: the folder {folder} does not exist any more. Create it again, or restart cartagena serve with another --save-dir.")}
        folder.mkdir()
        assert running.post_json("/api/save", PROFILE)[0] == 200


def test_a_folder_it_may_not_write_is_a_409_and_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open, real_replace = os.open, os.replace

    def refused(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith(".tmp"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    for running in serving(save_dir=tmp_path):
        monkeypatch.setattr(os, "open", refused)  # as root, chmod would not stop the write
        status, answer = running.post_json("/api/save", PROFILE)
        assert status == 409 and answer["message"] == f"Not saved: cartagena serve may not write into the folder {tmp_path}."
        monkeypatch.setattr(os, "open", real_open)

        def full(source: Any, target: Any) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", full)
        status, answer = running.post_json("/api/save", PROFILE)
        assert status == 500 and answer["message"] == "Not saved: the file could not be written (No space left on device)."
        monkeypatch.setattr(os, "replace", real_replace)
        assert list(tmp_path.iterdir()) == []  # no temporary file left


def test_the_saver_reports_a_missing_folder_without_writing_anywhere(tmp_path: Path) -> None:
    saver = Saver(tmp_path / "gone")
    with pytest.raises(FolderProblem) as raised:
        saver.save("xsa-profile.json", PROFILE)
    assert raised.value.missing and not (tmp_path / "gone").exists()
