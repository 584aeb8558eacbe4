"""Tests of the Python side (sandbox/) without a box: harness.py is driven through the real broker.py, exactly
as the grader drives it, except that the broker starts the harness directly instead of through bubblewrap.

Run: /usr/bin/python3 -m pytest test/python (part of the README's test command).
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

import pytest

SANDBOX = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "sandbox")
PYTHON = "/usr/bin/python3"
sys.dont_write_bytecode = True  # no __pycache__ in the repository's sandbox/ folder
sys.path.insert(0, SANDBOX)
import pgcodec  # noqa: E402


class Job:
    """A job folder as the grader lays it out: src/, inputs/<id>/, stage/<run>/, answers/<run>/."""

    def __init__(self, root: str) -> None:
        self.root = root
        for sub in ("src", "inputs", "stage", "scratch", "answers", "plans"):
            os.mkdir(self.path(sub))
        self.runs = 0

    def path(self, *parts: str) -> str:
        return os.path.join(self.root, *parts)

    def write(self, relative: str, text: str) -> str:
        full = self.path(relative)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(textwrap.dedent(text))
        return full

    def add_input(self, call_id: str, *args) -> None:
        folder = self.path("inputs", call_id)
        os.makedirs(folder, exist_ok=True)
        pgcodec.encode_file(list(args), os.path.join(folder, "args.json"), keep_tuples=True)

    def serve(self, source: str | None, windows: list, *, function: str = "solve", inputs: dict | None = None,
              wall_ms: int = 20_000, max_answer_bytes: int = 1 << 24, argv: list | None = None) -> "Served":
        """Writes solution.py and the inputs, runs the broker over `windows` (lists of ids, or (ids, mode))."""
        if source is not None:
            self.write("src/solution.py", source)
        for call_id, args in (inputs or {}).items():
            self.add_input(call_id, *args)
        self.runs += 1
        run = f"run{self.runs}"
        os.mkdir(self.path("stage", run))
        os.mkdir(self.path("answers", run))
        windows = [w if isinstance(w, tuple) else (w, "run") for w in windows]
        plan = {"role": "submission", "module": self.path("src", "solution.py"), "function": function,
                "inputs": self.path("stage", run), "modes": sorted({mode for _, mode in windows})}
        plan_file = self.path("plans", f"{run}.json")
        with open(plan_file, "w") as f:
            json.dump(plan, f)
        broker_plan = {
            "argv": argv or [PYTHON, "-I", "-B", os.path.join(SANDBOX, "harness.py"), plan_file],
            "inputs": self.path("inputs"), "stage": self.path("stage", run), "stage_tmp": self.path("scratch"),
            "answers": self.path("answers", run), "max_answer_bytes": max_answer_bytes,
            "ready_timeout_ms": wall_ms,
            "windows": [{"ids": ids, "mode": mode, "wall_ms": wall_ms} for ids, mode in windows],
        }
        return Served(self, run, broker_plan)


class Served:
    """One broker run: its own events (trusted), the box's events, stdout/stderr, and the stored answers."""

    def __init__(self, job: Job, run: str, plan: dict) -> None:
        self.job, self.run = job, run
        files = {name: open(job.path(f"{run}.{name}"), "w+b") for name in ("stdout", "stderr", "events")}

        def wire() -> None:  # the grader hands the broker the box's stdout, stderr and events as fds 3, 4, 5
            high = {name: fcntl.fcntl(f.fileno(), fcntl.F_DUPFD, 100) for name, f in files.items()}
            for fd, name in ((3, "stdout"), (4, "stderr"), (5, "events")):
                os.dup2(high[name], fd)

        broker = subprocess.Popen([PYTHON, "-I", "-S", os.path.join(SANDBOX, "broker.py")], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=wire, close_fds=False,
                                  env={"PATH": "/usr/bin:/bin", "NUMBA_CACHE_DIR": job.path("scratch"),
                                       "HOME": job.root})
        broker.stdin.write((json.dumps(plan) + "\n").encode())
        broker.stdin.flush()
        # stdin stays open while the broker works: its end would tell the broker that the grader is gone.
        out = broker.stdout.read()
        err = broker.stderr.read()
        broker.stdin.close()
        assert broker.wait(timeout=120) == 0, err.decode()
        self.broker = [json.loads(line) for line in out.decode().splitlines()]
        self.broker_stderr = err.decode()
        for name, f in files.items():
            f.seek(0)
            setattr(self, name, f.read().decode(errors="replace"))
            f.close()
        self.box = [json.loads(line) for line in self.events.splitlines() if line.strip()]

    @property
    def end(self) -> dict:
        return self.broker[-1]

    @property
    def windows(self) -> list[dict]:
        return [e for e in self.broker if e["ev"] == "window"]

    def event(self, ev: str) -> dict:
        found = [e for e in self.box if e["ev"] == ev]
        assert len(found) == 1, f"expected one {ev!r} event, got {self.box}"
        return found[0]

    def answer(self, call_id: str):
        return pgcodec.decode_file(self.job.path("answers", self.run, call_id, "value.json"), arrays_once=True)


@pytest.fixture
def job():
    root = tempfile.mkdtemp(prefix="pgtest-")
    try:
        yield Job(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
