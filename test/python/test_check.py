"""check.py: the first difference as fields, and verdicts for every hostile answer."""
import json
import os
import subprocess

import check
import numpy as np
import pgcodec
from conftest import PYTHON, SANDBOX

TOL = check.Tolerance(1e-7, 0)


def diff(expected, actual, tol=None):
    return check.compare(check.normalise(expected), check.normalise(actual), tol)


def test_differences_name_the_first_one_as_fields():
    assert diff(3.1415, 3.0) == {"kind": "value", "path": "", "expected": "3.1415", "got": "3.0"}
    assert diff(np.zeros((50, 50)), np.zeros(50), TOL) == {"kind": "shape", "path": "", "expected": "(50, 50)", "got": "(50,)"}
    off = np.where(np.arange(40).reshape(5, 8) == 31, 1.5, 1.4142135)
    assert diff(np.full((5, 8), 1.4142135), off, TOL) == {"kind": "value", "path": "at index [3, 7]: ", "expected": "1.4142135", "got": "1.5"}
    assert diff(list(range(10)), list(range(9))) == {"kind": "length", "path": "", "expected": "10", "got": "9"}
    assert diff(3.14, float("nan"), TOL)["got"] == "nan"
    assert diff([1, [2, 3]], [1, [2, 4]]) == {"kind": "value", "path": "at index [1, 1]: ", "expected": "3", "got": "4"}
    assert diff({"a": 1}, {"b": 1}) == {"kind": "missing_key", "path": "", "key": "'a'"}
    assert diff({"a": [1.0]}, {"a": [1.5]}, TOL)["path"] == "at ['a'][0]: "
    assert diff(1.0, "1.0", TOL) == {"kind": "type", "path": "", "expected": "1.0", "got": "the text '1.0'"}
    assert diff(True, 1) == {"kind": "type", "path": "", "expected": "True", "got": "1"}
    assert diff(np.ones(3), [1, [2], 3], TOL)["kind"] == "not_array"
    assert diff(np.ones(3), 5, TOL) == {"kind": "not_array", "path": "", "expected": "(3,)", "got": "5"}
    many = diff(np.arange(2000) * 1.0, list(range(1990)) + [5] * 10)
    assert many == {"kind": "value", "path": "at index [1990]: ", "expected": "1990.0", "got": "5", "count": 10, "total": 2000}


def test_equal_values_have_no_difference():
    for expected, actual, tol in [
        (np.arange(4.0), [0, 1, 2, 3.0000000001], TOL),
        ([0.0, 1.0], np.array([0.0, 1.0]), None),
        ((1, 2), [1, 2], None),
        (np.float64(2.5), 2.5, None),
        ([float("nan")], [float("nan")], None),
        (np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), None),
        (3, 3.0, None),
    ]:
        assert diff(expected, actual, tol) is None, (expected, actual)


def answer(folder, text, arrays=()):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "value.json"), "w") as f:
        f.write(text)
    for k, array in enumerate(arrays):
        np.save(os.path.join(folder, f"{k}.npy"), array)


def run_check(tmp_path, checker, pairs):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"checker": checker, "pairs": pairs, "max_answer_bytes": 1 << 20}))
    events = tmp_path / "events.jsonl"
    subprocess.run(["/bin/sh", "-c", f'exec "{PYTHON}" -I -B "{SANDBOX}/check.py" "{plan}" 3>"{events}"'], check=True, timeout=120)
    return [json.loads(line) for line in events.read_text().splitlines()]


def test_every_hostile_answer_gets_a_failed_verdict(tmp_path):
    answer(tmp_path / "expected", "[1.0, 2.0]")
    hostile = {"deep": "[" * 100000 + "]" * 100000, "types": '{"$tuple": 5}', "nan": "[NaN, 2.0]",
               "huge_int": "[" + "9" * 10000 + ", 2.0]", "dict": '{"a": 1}', "text": '"hi"', "empty": "",
               "refs": "[" + ",".join(['{"$ndarray": "0.npy"}'] * 2000) + "]",
               "too_big": '[{"$ndarray": "0.npy"}]'}
    (tmp_path / "input").mkdir()
    pgcodec.encode_file([1], str(tmp_path / "input" / "args.json"))
    pairs = [{"id": "missing", "actual": str(tmp_path / "none"), "expected": str(tmp_path / "expected"), "input": str(tmp_path / "input")}]
    for name, text in hostile.items():
        answer(tmp_path / name, text, [np.zeros(1000)] if name == "refs" else [np.zeros(200_000)] if name == "too_big" else [])
        pairs.append({"id": name, "actual": str(tmp_path / name), "expected": str(tmp_path / "expected"), "input": str(tmp_path / "input")})
    (tmp_path / "checker.py").write_text(
        "def check(expected, actual, args):\n    if actual == 'hi':\n        raise KeyError('boom')\n    return actual == expected, 'custom says no'\n")
    for checker in ({"kind": "exact"}, {"kind": "allclose", "rtol": 1e-9, "atol": 0}, {"kind": "custom", "file": str(tmp_path / "checker.py")}):
        events = run_check(tmp_path, checker, pairs)
        verdicts = {e["id"]: e for e in events if e["ev"] == "verdict"}
        assert set(verdicts) == {p["id"] for p in pairs} and events[-1]["ev"] == "done", events
        assert not any(v["ok"] for v in verdicts.values()), verdicts
        assert verdicts["missing"]["difference"] == {"kind": "no_output"}
        assert verdicts["refs"]["difference"]["kind"] == "unreadable" and "more than once" in verdicts["refs"]["difference"]["detail"]
        assert verdicts["too_big"]["difference"]["kind"] == "unreadable"
    assert verdicts["text"]["difference"] == {"kind": "checker_error", "detail": "KeyError"} and "checker_error" in verdicts["text"]
    assert verdicts["dict"]["difference"] == {"kind": "custom", "note": "custom says no"}


def test_an_unreadable_expected_answer_is_the_graders_fault(tmp_path):
    answer(tmp_path / "actual", "1")
    events = run_check(tmp_path, {"kind": "exact"}, [{"id": "c", "actual": str(tmp_path / "actual"), "expected": str(tmp_path / "nowhere"), "input": str(tmp_path)}])
    assert [e["ev"] for e in events] == ["hello", "fatal", "done"], events
