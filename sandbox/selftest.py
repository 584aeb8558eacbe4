"""Tests of the sandbox scripts without the sandbox: /usr/bin/python3 sandbox/selftest.py [-k name].

Runs every script the way the host does (`python3 -I script plan.json 3>events`) on temporary folders.
Exits non-zero when a test fails.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the repository's sandbox/ folder
sys.path.insert(0, HERE)
import check  # noqa: E402
import pgcodec  # noqa: E402

PYTHON = "/usr/bin/python3"
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


class Box:
    """A temporary job folder: src/solution.py, inputs/<id>/args.json, out/."""

    def __init__(self) -> None:
        self.root = tempfile.mkdtemp(prefix="pgtest-")
        for sub in ("src", "inputs", "out"):
            os.mkdir(os.path.join(self.root, sub))

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

    def run(self, script: str, plan: dict, timeout: float = 120) -> list[dict]:
        plan_file = self.path(f"plan-{script}.json")
        with open(plan_file, "w") as f:
            json.dump(plan, f)
        events_file = self.path(f"events-{script}.jsonl")
        # The host opens the event channel as fd 3; a shell redirection does the same here. -B: no __pycache__.
        command = f'exec "{PYTHON}" -I -B "{os.path.join(HERE, script)}" "{plan_file}" 3>"{events_file}"'
        proc = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, env={"PATH": "/usr/bin", "HOME": self.root,
                                                             "NUMBA_CACHE_DIR": self.path("out")})
        self.stdout, self.stderr, self.returncode = proc.stdout, proc.stderr, proc.returncode
        with open(events_file) as f:
            return [json.loads(line) for line in f]

    def harness(self, source: str, calls: list, mode: str = "run", function: str = "solve", **plan) -> list[dict]:
        self.write("src/solution.py", source)
        for i, args in enumerate(calls):
            self.add_input(f"c{i}", *args)
        return self.run("harness.py", {
            "role": "submission", "mode": mode, "module": self.path("src", "solution.py"), "function": function,
            "timing": "wall", "out_dir": self.path("out"), "save_outputs": True,
            "calls": [{"id": f"c{i}", "input": self.path("inputs", f"c{i}"), "timed": True} for i in range(len(calls))],
            **plan,
        })

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def only(events: list[dict], ev: str) -> dict:
    found = [e for e in events if e["ev"] == ev]
    assert len(found) == 1, f"expected one {ev!r} event, got {events}"
    return found[0]


def output(box: Box, call_id: str):
    return pgcodec.decode_file(box.path("out", f"{call_id}.json"))


# ---------------------------------------------------------------- codec

@test
def codec_round_trips():
    box = Box()
    try:
        value = [1, -2**70, 2.5, float("nan"), float("inf"), float("-inf"), "héllo \ud800", b"\x00\xff", None, True,
                 (1, (2, "x")), {"a": [1, {"b": 2}]}, np.arange(6, dtype=np.int32).reshape(2, 3),
                 np.array([1.5, np.nan]), np.array(["a", "bc"]), np.float32(0.25), np.int64(7), np.bool_(True)]
        pgcodec.encode_file(value, box.path("out", "v.json"), keep_tuples=True)
        back = pgcodec.decode_file(box.path("out", "v.json"))
        assert back[:3] == value[:3] and np.isnan(back[3]) and back[4:6] == value[4:6]
        assert back[6:10] == value[6:10] and back[10] == (1, (2, "x")) and back[11] == value[11]
        assert back[12].dtype == np.int32 and (back[12] == value[12]).all()
        assert np.array_equal(back[13], value[13], equal_nan=True) and list(back[14]) == ["a", "bc"]
        assert back[15:] == [0.25, 7, True] and type(back[16]) is int and type(back[17]) is bool
        pgcodec.encode_file((1, [2]), box.path("out", "t.json"))  # outputs: tuples become lists
        assert pgcodec.decode_file(box.path("out", "t.json")) == [1, [2]]
    finally:
        box.close()


@test
def codec_refuses_what_it_must():
    box = Box()
    try:
        deep: list = []
        for _ in range(150):
            deep = [deep]
        for bad in (np.array([object()]), (x for x in ()), {1: 2}, {"$ndarray": "x"}, 1j, deep, 10 ** 5000):
            try:
                pgcodec.encode_file(bad, box.path("out", "x.json"))
            except pgcodec.CodecError:
                continue
            raise AssertionError(f"encoded {bad!r}")
        assert not os.path.exists(box.path("out", "x.json"))
        np.save(box.path("out", "obj.npy"), np.array([{}, 1], dtype=object), allow_pickle=True)
        np.savez(box.path("out", "z.npy"), a=np.zeros(3))
        os.rename(box.path("out", "z.npy.npz"), box.path("out", "z.npy"))
        with open(box.path("out", "big.json"), "w") as f:
            f.write("[" + "1," * 1000 + "1]")
        os.symlink(box.path("out", "big.json"), box.path("out", "link.json"))
        cases = {"obj.npy": '{"$ndarray": "obj.npy"}', "z.npy": '{"$ndarray": "z.npy"}',
                 "escape": '{"$ndarray": "../x.npy"}', "path": '{"$path": "../../etc/passwd"}',
                 "deep": "[" * 5000 + "]" * 5000}
        for name, text in cases.items():
            with open(box.path("out", "case.json"), "w") as f:
                f.write(text)
            try:
                pgcodec.decode_file(box.path("out", "case.json"))
            except pgcodec.CodecError:
                continue
            raise AssertionError(f"decoded {name}")
        for path, cap in (("big.json", 100), ("link.json", 10**6)):
            try:
                pgcodec.decode_file(box.path("out", path), max_json_bytes=cap)
            except pgcodec.CodecError:
                continue
            raise AssertionError(f"read {path}")
    finally:
        box.close()


# ---------------------------------------------------------------- checker messages

@test
def checker_messages():
    tol = check.Tolerance(1e-7, 0)
    cases = [
        (3.1415, 3.0, None, "expected 3.1415 but got 3.0"),
        (np.zeros((50, 50)), np.zeros(50), tol, "expected shape (50, 50) but got (50,)"),
        (np.full((5, 8), 1.4142135), np.where(np.arange(40).reshape(5, 8) == 31, 1.5, 1.4142135), tol,
         "at index [3, 7]: expected 1.4142135 but got 1.5"),
        (list(range(10)), list(range(9)), None, "expected a list of 10 items but got 9"),
        (3.14, float("nan"), tol, "expected 3.14 but got nan"),
        ([1, [2, 3]], [1, [2, 4]], None, "at index [1, 1]: expected 3 but got 4"),
        ({"a": 1}, {"b": 1}, None, "missing key 'a'"),
        ({"a": [1.0]}, {"a": [1.5]}, tol, "at ['a'][0]: expected 1.0 but got 1.5"),
        (1.0, "1.0", tol, "expected 1.0 but got the text '1.0'"),
        (True, 1, None, "expected True but got 1"),
        (np.ones(3), [1, [2], 3], tol, "not a rectangular array of numbers"),
        (np.ones(3), 5, tol, "expected an array of shape (3,) but got 5"),
        (np.arange(2000) * 1.0, list(range(1999)) + [5], None, "at index [1999]: expected 1999.0 but got 5"),
    ]
    for expected, actual, t, want in cases:
        got = check.compare(check.normalise(expected), check.normalise(actual), t)
        assert got and want in got, f"compare({expected!r:.40}, {actual!r:.40}): {got!r} lacks {want!r}"
    same = [
        (np.arange(4.0), [0, 1, 2, 3.0000000001], tol),
        ([0.0, 1.0], np.array([0.0, 1.0]), None),
        ((1, 2), [1, 2], None),
        (np.float64(2.5), 2.5, None),
        ([float("nan")], [float("nan")], None),
        (np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), None),
        (3, 3.0, None),
    ]
    for expected, actual, t in same:
        got = check.compare(check.normalise(expected), check.normalise(actual), t)
        assert got is None, f"compare({expected!r}, {actual!r}) = {got!r}"


@test
def checker_survives_hostile_outputs():
    box = Box()
    try:
        pgcodec.encode_file([1.0, 2.0], box.path("out", "expected.json"))
        hostile = {"deep": "[" * 100000 + "]" * 100000, "types": '{"$tuple": 5}', "nan": "[NaN, 2.0]",
                   "huge_int": "[" + "9" * 10000 + ", 2.0]", "dict": '{"a": 1}', "text": '"hi"', "empty": ""}
        pairs = [{"id": "missing", "actual": box.path("out", "none.json"), "expected": box.path("out", "expected.json"),
                  "input": box.path("inputs", "c0")}]
        for name, text in hostile.items():
            with open(box.path("out", f"{name}.json"), "w") as f:
                f.write(text)
            pairs.append({"id": name, "actual": box.path("out", f"{name}.json"),
                          "expected": box.path("out", "expected.json"), "input": box.path("inputs", "c0")})
        box.add_input("c0", 1)
        box.write("checker.py", """
            def check(expected, actual, args):
                if actual == "hi":
                    raise KeyError("boom")
                return actual == expected, "custom says no"
        """)
        for checker in ({"kind": "exact"}, {"kind": "allclose", "rtol": 1e-9, "atol": 0},
                        {"kind": "custom", "file": box.path("checker.py")}):
            events = box.run("check.py", {"checker": checker, "pairs": pairs})
            verdicts = {e["id"]: e for e in events if e["ev"] == "verdict"}
            assert set(verdicts) == {p["id"] for p in pairs} and events[-1]["ev"] == "done", events
            assert not any(v["ok"] for v in verdicts.values()), verdicts
            assert verdicts["missing"]["message"] == check.NO_OUTPUT
        assert "checker_error" in verdicts["text"] and verdicts["dict"]["message"] == "custom says no"
    finally:
        box.close()


# ---------------------------------------------------------------- harness

@test
def traceback_shows_student_frames_only():
    box = Box()
    try:
        box.write("src/course_io.py", "def apply(f, x):\n    return f(x)\n")
        events = box.harness("""\
            import course_io

            def helper(x):
                return 1 / x

            def solve(x):
                return course_io.apply(helper, x)
        """, [[1], [0], [2]])
        assert [e["ev"] for e in events] == ["hello", "imported", "call_start", "call_end", "saved",
                                             "call_start", "error"]
        error = events[-1]
        assert error["id"] == "c1" and error["type"] == "ZeroDivisionError" and error["line"] == 4, error
        assert error["message"] == "division by zero"
        assert error["traceback"] == textwrap.dedent("""\
            Traceback (most recent call last):
              File "solution.py", line 7, in solve
                return course_io.apply(helper, x)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "solution.py", line 4, in helper
                return 1 / x
                       ~~^~~
            ZeroDivisionError: division by zero
        """), error["traceback"]
        assert box.returncode == 0
    finally:
        box.close()


@test
def recursion_and_memory_errors():
    box = Box()
    try:
        events = box.harness("def solve(n):\n    return solve(n + 1)\n", [[0]])
        error = only(events, "error")
        assert error["type"] == "RecursionError" and error["line"] == 2 and "repeated" in error["traceback"], error
        assert len(error["traceback"]) < 20_000
        # Recursion through C functions uses the C stack: it must still end in RecursionError, not a crash.
        for source in ("import functools\n@functools.lru_cache(None)\ndef solve(n):\n    return solve(n + 1)\n",
                       "def solve(n):\n    return sorted([n], key=lambda x: solve(n + 1))\n",
                       "def solve(n):\n    return list(map(solve, [n + 1]))\n"):
            events = box.harness(source, [[0]])
            assert only(events, "error")["type"] == "RecursionError", (events, box.returncode)
        events = box.harness("def solve(n):\n    return bytearray(n)\n", [[1 << 62]])
        assert only(events, "error")["type"] == "MemoryError"
    finally:
        box.close()


@test
def rejected_kinds():
    box = Box()
    try:
        events = box.harness("x = 1\n\n\n\n\n\ndef solve(:\n    pass\n", [[1]])
        rejected = only(events, "rejected")
        assert rejected["kind"] == "syntax" and rejected["line"] == 7, rejected
        assert rejected["message"] == "SyntaxError on line 7: invalid syntax", rejected
        assert 'File "solution.py", line 7' in rejected["traceback"] and box.root not in rejected["traceback"]
        events = box.harness("def solv(x):\n    return x\n", [[1]])
        rejected = only(events, "rejected")
        assert rejected["kind"] == "missing_function", rejected
        assert rejected["message"] == "solution.py defines no function named solve (did you mean solv?)", rejected
        events = box.harness("solve = 3\n", [[1]])
        assert only(events, "rejected")["kind"] == "not_callable"
        events = box.harness("import pandas_not_here\n", [[1]])
        rejected = only(events, "rejected")
        assert rejected["kind"] == "import_error" and rejected["line"] == 1 and "pandas_not_here" in rejected["message"]
        events = box.harness("\n\nx = {}['k']\ndef solve(x):\n    return x\n", [[1]])
        error = only(events, "error")
        assert error["type"] == "KeyError" and error["line"] == 3 and "id" not in error, error
        assert 'File "solution.py", line 3, in <module>' in error["traceback"], error
        assert all(e["ev"] not in ("call_start", "done") for e in events)
    finally:
        box.close()


@test
def unsupported_output():
    box = Box()
    try:
        events = box.harness("def solve(x):\n    return (i for i in range(x))\n", [[3]])
        error = only(events, "error")
        assert error["type"] == "UnsupportedOutput" and "generator" in error["message"], error
    finally:
        box.close()


@test
def patched_clocks_do_not_change_measured_time():
    box = Box()
    try:
        events = box.harness("""\
            import time, tracemalloc
            real_sleep = time.sleep
            for name in ("perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "time", "time_ns",
                         "process_time", "process_time_ns"):
                setattr(time, name, lambda: 0)
            tracemalloc.get_traced_memory = lambda: (0, 0)

            def solve(seconds):
                real_sleep(seconds)
                x = 0
                for i in range(300000):
                    x += i
                return x
        """, [[0.2]])
        end = only(events, "call_end")
        assert 0.2e9 <= end["ns"] < 5e9 and end["cpu_ns"] > 1e6, end
        assert output(box, "c0") == sum(range(300000))
    finally:
        box.close()


@test
def memory_mode_and_tracemalloc_stop():
    box = Box()
    try:
        source = """\
            import numpy as np, tracemalloc

            def solve(n, stop):
                a = np.ones(n)
                b = a * 2
                del a
                if stop:
                    tracemalloc.stop()
                return float(b.sum())
        """
        events = box.harness(source, [[10, False], [1_000_000, False]], mode="memory")
        memory = only(events, "memory")
        assert memory["id"] == "c1" and memory["tracing"] is True, memory
        assert 16_000_000 <= memory["peak_bytes"] < 17_000_000, memory
        assert output(box, "c1") == 2_000_000.0 and output(box, "c0") == 20.0
        events = box.harness(source, [[1_000_000, True]], mode="memory")
        assert only(events, "memory")["tracing"] is False
    finally:
        box.close()


@test
def profile_mode():
    box = Box()
    try:
        events = box.harness("""\
            import functools
            from numba import njit

            @njit(cache=True)
            def compiled(x):
                return x + 1

            def inner(i):
                return i * 2

            class Walker:
                def step(self, i):
                    return inner(i) + 1

            def solve(n):
                w = Walker()
                s = 0
                for i in range(n):
                    s += w.step(i)
                return s + compiled(1)
        """, [[10], [1_000_000]], mode="profile")
        profile = only(events, "profile")
        assert profile["skipped"] == ["compiled"], profile
        lines = {(line["function"], line["line"]): line for line in profile["lines"]}
        assert lines[("solve", 19)]["hits"] == 1_000_000 and lines[("Walker.step", 13)]["hits"] == 1_000_000, lines
        assert lines[("inner", 9)]["source"] == "return i * 2" and len(profile["lines"]) <= 15
        assert profile["total_ms"] >= max(line["time_ms"] for line in profile["lines"]) > 0
        assert output(box, "c1") == sum(2 * i + 1 for i in range(1_000_000)) + 2 and events[-1]["ev"] == "done"
    finally:
        box.close()


@test
def multiprocessing_and_joblib_workers():
    box = Box()
    try:
        box.write("src/course_io.py", "OFFSET = 1\n")
        events = box.harness("""\
            from multiprocessing import Pool
            from joblib import Parallel, delayed
            import course_io

            def square(x):
                return x * x + course_io.OFFSET

            def solve(n):
                with Pool(2) as pool:
                    a = pool.map(square, range(n))
                b = Parallel(n_jobs=2)(delayed(square)(i) for i in range(n))
                return [a, b]
        """, [[20]])
        assert events[-1]["ev"] == "done", (events, box.stderr)
        want = [i * i + 1 for i in range(20)]
        assert output(box, "c0") == [want, want]
    finally:
        box.close()


@test
def stdin_is_closed_and_fd3_is_ours():
    box = Box()
    try:
        events = box.harness("""\
            import os, subprocess, sys
            def solve(x):
                print("to stdout"); print("to stderr", file=sys.stderr)
                child = subprocess.run([sys.executable, "-c", "import os; os.fstat(3)"], capture_output=True)
                return [sys.stdin.read(), child.returncode != 0]
        """, [[1]])
        assert output(box, "c0") == ["", True] and "to stdout" in box.stdout and events[-1]["ev"] == "done"
    finally:
        box.close()


@test
def seccomp_denies_what_grading_never_needs():
    box = Box()
    try:
        events = box.harness("""\
            import ctypes, errno, threading
            libc = ctypes.CDLL(None, use_errno=True)

            def denied(*call):
                return libc.syscall(*call) == -1 and ctypes.get_errno() == errno.EPERM

            def solve(x):
                ran = []
                worker = threading.Thread(target=ran.append, args=(1,))  # clone3 -> ENOSYS -> clone fallback
                worker.start()
                worker.join()
                # ptrace, unshare(CLONE_NEWUSER), clone(CLONE_NEWUSER), keyctl
                return [denied(101, 0, 0, 0, 0), denied(272, 0x10000000), denied(56, 0x10000011, 0, 0, 0, 0),
                        denied(250, 0, 0, 0, 0), ran]
        """, [[1]])
        if only(events, "hello")["seccomp"]:
            assert output(box, "c0") == [True, True, True, True, [1]], output(box, "c0")
        else:
            print("     (seccomp is not available here: only the fallback was tested)")
    finally:
        box.close()


@test
def prepare_writes_inputs():
    box = Box()
    try:
        box.write("assignment/helper.py", "SCALE = 2\n")
        box.write("assignment/cases.py", """\
            import os
            import numpy as np
            from helper import SCALE

            def generate(seed, workdir, n):
                path = os.path.join(workdir, "data.txt")
                with open(path, "w") as f:
                    f.write(str(seed))
                return np.arange(n) * SCALE, (n, seed), path, "/etc/passwd"
        """)
        events = box.run("prepare.py", {"generator": box.path("assignment", "cases.py"), "out_dir": box.path("inputs"),
                                        "calls": [{"id": "g0", "size": {"n": 4}, "seed": 7}]})
        assert [e["ev"] for e in events] == ["hello", "generated", "done"], (events, box.stderr)
        with open(box.path("inputs", "g0", "args.json")) as f:
            raw = json.load(f)
        assert raw[1:] == [{"$tuple": [4, 7]}, {"$path": "data.txt"}, "/etc/passwd"], raw
        args = pgcodec.decode_file(box.path("inputs", "g0", "args.json"))
        assert list(args[0]) == [0, 2, 4, 6] and args[2] == box.path("inputs", "g0", "data.txt")
        box.write("assignment/cases.py", "def generate(seed, workdir, n):\n    return 1 / 0\n")
        events = box.run("prepare.py", {"generator": box.path("assignment", "cases.py"), "out_dir": box.path("inputs"),
                                        "calls": [{"id": "g1", "size": {"n": 4}, "seed": 7}]})
        assert only(events, "error")["type"] == "ZeroDivisionError" and box.returncode == 1
    finally:
        box.close()


def main(argv: list[str]) -> int:
    selected = [t for t in TESTS if "-k" not in argv or argv[argv.index("-k") + 1] in t.__name__]
    failed = 0
    for fn in selected:
        start = time.perf_counter()
        try:
            fn()
        except Exception:
            failed += 1
            print(f"FAIL {fn.__name__}\n{traceback.format_exc()}")
        else:
            print(f"ok   {fn.__name__} ({time.perf_counter() - start:.1f} s)")
    print(f"{len(selected) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
