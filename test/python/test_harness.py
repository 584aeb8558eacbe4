"""harness.py served by the real broker: calls, errors in the student's terms, modes, and what a hostile
module can and cannot do from inside its own process."""
import textwrap


def test_serves_calls_in_windows_and_the_broker_measures_each(job):
    served = job.serve("""\
        def solve(a, b):
            return {"sum": a + b, "pair": (a, b)}
    """, [["c0"], ["c1", "c2"]], inputs={"c0": (1, 2), "c1": (3, 4), "c2": (5, 6)})
    assert served.end["reason"] == "done" and served.end["exit_code"] == 0, served.broker
    assert [w["index"] for w in served.windows] == [0, 1]
    assert all(w["ns"] > 0 and len(w["bytes"]) == len(ids) for w, ids in zip(served.windows, [["c0"], ["c1", "c2"]]))
    assert served.answer("c2") == {"sum": 11, "pair": [5, 6]}
    assert [e["ev"] for e in served.box] == ["hello", "imported", "done"]


def test_only_the_running_calls_inputs_are_visible(job):
    served = job.serve("""\
        import os, sys
        seen_at_import = os.listdir(sys.modules["solution"].__file__.rsplit("/src/", 1)[0] + "/stage/run1")

        def solve(x):
            here = sorted(os.listdir(os.path.dirname(os.path.dirname(__file__)) + "/stage/run1"))
            return [seen_at_import, here]
    """, [["a"], ["b", "c"]], inputs={"a": (1,), "b": (2,), "c": (3,)})
    assert served.answer("a") == [[], ["a"]]
    assert served.answer("b") == [[], ["b", "c"]] and served.answer("c") == [[], ["b", "c"]]


def test_traceback_shows_student_frames_only(job):
    job.write("src/course_io.py", "def apply(f, x):\n    return f(x)\n")
    served = job.serve("""\
        import course_io

        def helper(x):
            return 1 / x

        def solve(x):
            return course_io.apply(helper, x)
    """, [["c0"], ["c1"], ["c2"]], inputs={"c0": (1,), "c1": (0,), "c2": (2,)})
    error = served.event("error")
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
    # The broker saw c0 answered, then the box end before c1's answer.
    assert len(served.windows) == 1 and served.end["reason"] == "closed", served.broker


def test_recursion_and_memory_errors(job):
    served = job.serve("def solve(n):\n    return solve(n + 1)\n", [["c0"]], inputs={"c0": (0,)})
    error = served.event("error")
    assert error["type"] == "RecursionError" and error["line"] == 2 and "repeated" in error["traceback"], error
    assert len(error["traceback"]) < 20_000
    # Recursion through C functions uses the C stack: it must still end in RecursionError, not a crash.
    for source in ("import functools\n@functools.lru_cache(None)\ndef solve(n):\n    return solve(n + 1)\n",
                   "def solve(n):\n    return sorted([n], key=lambda x: solve(n + 1))\n",
                   "def solve(n):\n    return list(map(solve, [n + 1]))\n"):
        assert job.serve(source, [["c0"]]).event("error")["type"] == "RecursionError"
    served = job.serve("def solve(n):\n    return bytearray(n)\n", [["big"]], inputs={"big": (1 << 62,)})
    assert served.event("error")["type"] == "MemoryError"


def test_an_oserror_carries_its_errno(job):
    served = job.serve("def solve(x):\n    raise OSError(28, 'No space left on device')\n", [["c0"]], inputs={"c0": (1,)})
    assert served.event("error")["errno"] == 28


def test_rejected_kinds(job):
    job.add_input("c0", 1)
    served = job.serve("x = 1\n\n\n\n\n\ndef solve(:\n    pass\n", [["c0"]])
    rejected = served.event("rejected")
    assert rejected["kind"] == "syntax" and rejected["line"] == 7, rejected
    assert rejected["message"] == "SyntaxError on line 7: invalid syntax", rejected
    assert 'File "solution.py", line 7' in rejected["traceback"] and job.root not in rejected["traceback"]
    assert served.end["reason"] == "closed" and not served.windows  # never got as far as a call
    rejected = job.serve("def solv(x):\n    return x\n", [["c0"]]).event("rejected")
    assert rejected["kind"] == "missing_function", rejected
    assert rejected["message"] == "solution.py defines no function named solve (did you mean solv?)", rejected
    assert job.serve("solve = 3\n", [["c0"]]).event("rejected")["kind"] == "not_callable"
    rejected = job.serve("import pandas_not_here\n", [["c0"]]).event("rejected")
    assert rejected["kind"] == "import_error" and rejected["line"] == 1 and "pandas_not_here" in rejected["message"]
    served = job.serve("\n\nx = {}['k']\ndef solve(x):\n    return x\n", [["c0"]])
    error = served.event("error")
    assert error["type"] == "KeyError" and error["line"] == 3 and "id" not in error, error
    assert 'File "solution.py", line 3, in <module>' in error["traceback"], error


def test_unsupported_output(job):
    served = job.serve("def solve(x):\n    return (i for i in range(x))\n", [["c0"]], inputs={"c0": (3,)})
    error = served.event("error")
    assert error["type"] == "UnsupportedOutput" and "generator" in error["message"], error


def test_lazy_values_do_their_work_inside_the_window(job):
    served = job.serve("""\
        import time

        class Lazy(list):
            def __iter__(self):
                time.sleep(0.3)  # the real work, done while the answer is serialised
                return iter([1, 2, 3])

        def solve(x):
            return Lazy()
    """, [["c0"]], inputs={"c0": (1,)})
    assert served.answer("c0") == [1, 2, 3]
    assert served.windows[0]["ns"] >= 0.3e9, served.windows


def test_trace_mode_reports_tracemalloc_and_its_stop(job):
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
    served = job.serve(source, [["c0"], (["c1"], "trace")], inputs={"c0": (10, False), "c1": (1_000_000, False)})
    memory = served.event("memory")
    assert memory["id"] == "c1" and memory["tracing"] is True, memory
    assert 16_000_000 <= memory["peak_bytes"] < 17_000_000, memory
    assert served.answer("c1") == 2_000_000.0 and served.answer("c0") == 20.0
    served = job.serve(source, [(["c2"], "trace")], inputs={"c2": (1_000_000, True)})
    assert served.event("memory")["tracing"] is False


def test_profile_mode(job):
    served = job.serve("""\
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
    """, [["c0"], (["c1"], "profile")], inputs={"c0": (10,), "c1": (200_000,)})
    profile = served.event("profile")
    assert profile["skipped"] == ["compiled"], profile
    lines = {(line["function"], line["line"]): line for line in profile["lines"]}
    assert lines[("solve", 18)]["hits"] == 200_000 and lines[("Walker.step", 12)]["hits"] == 200_000, lines
    assert lines[("inner", 8)]["source"] == "return i * 2" and len(profile["lines"]) <= 15
    assert profile["total_ms"] >= max(line["time_ms"] for line in profile["lines"]) > 0
    assert served.answer("c1") == sum(2 * i + 1 for i in range(200_000)) + 2


def test_multiprocessing_and_joblib_workers(job):
    job.write("src/course_io.py", "OFFSET = 1\n")
    served = job.serve("""\
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
    """, [["c0"]], inputs={"c0": (20,)})
    assert served.end["reason"] == "done", (served.box, served.stderr)
    want = [i * i + 1 for i in range(20)]
    assert served.answer("c0") == [want, want]


def test_stdin_is_closed_and_the_channels_are_not_inherited(job):
    served = job.serve("""\
        import os, subprocess, sys
        def solve(x):
            print("to stdout"); print("to stderr", file=sys.stderr)
            child = subprocess.run([sys.executable, "-c", "import os; [os.fstat(fd) for fd in (3, 4, 5)]"], capture_output=True)
            return [sys.stdin.read(), child.returncode != 0]
    """, [["c0"]], inputs={"c0": (1,)})
    assert served.answer("c0") == ["", True] and "to stdout" in served.stdout and "to stderr" in served.stderr


def test_numpy_inputs_are_mapped_copy_on_write(job):
    import numpy as np
    job.add_input("c0", np.arange(6.0))
    served = job.serve("""\
        import numpy as np
        def solve(x):
            was = float(x.sum())
            x[0] = 100.0  # allowed: the student's own copy of the page
            return [type(x) is np.ndarray, was, float(x.sum())]
    """, [["c0"]])
    assert served.answer("c0") == [True, 15.0, 115.0]
    assert np.array_equal(pgcodec_load(job.path("inputs", "c0", "args.json"))[0], np.arange(6.0))


def pgcodec_load(path):
    import pgcodec
    return pgcodec.decode_file(path)
