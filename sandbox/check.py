"""Compares answers (trusted, /assignment mounted): check.py <plan.json> (see PROTOCOL.md).

`actual` answers were sent by a student's process: anything may be in them, so they are decoded with caps
(size, depth, each array referenced once). Every pair gets a verdict; whatever goes wrong while judging one
becomes a failed verdict, never a crashed run. A verdict carries the first difference as fields
({"kind", "path", "expected", "got", ...}); the grader words it, and leaves the expected side out wherever the
student never saw the input. An `expected` answer or an input that cannot be read is not the student's fault:
that pair gets a `fatal` event and no verdict, which the host treats as an infrastructure failure.
"""
from __future__ import annotations

import importlib.util
import json
import math
import os
import sys
import traceback
from typing import Any, Optional

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves this folder off sys.path
import pgcodec  # noqa: E402
del sys.path[0]

MAX_DEPTH = 100
FLAT_FAST_PATH = 1000  # long lists of numbers are compared as arrays


class Tolerance:
    def __init__(self, rtol: float, atol: float) -> None:
        self.rtol, self.atol = float(rtol), float(atol)


# ---------------------------------------------------------------- values as students think of them

def normalise(value: Any, depth: int = 0) -> Any:
    """Tuples become lists, numpy scalars and 0-d arrays become Python scalars."""
    if depth > MAX_DEPTH:
        raise RecursionError("nested too deeply")
    if isinstance(value, np.ndarray):
        return value.item() if value.ndim == 0 and not value.dtype.names else value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [normalise(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v, depth + 1) for k, v in value.items()}
    return value


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def show(value: Any) -> str:
    """A value as a short phrase: 3.0, 'abc' as text, a list of 9 items, an array of shape (3,)."""
    if isinstance(value, bool) or value is None or is_number(value):
        text = repr(value)
        return text if len(text) <= 60 else f"{text[:40]}... ({len(text)} digits)"
    if isinstance(value, str):
        text = repr(value)
        return f"the text {text[:60]}{'...' if len(text) > 60 else ''}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return f"a dict with {len(value)} key{'s' if len(value) != 1 else ''}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, bytes):
        return f"{len(value)} bytes"
    return f"a value of type {type(value).__name__}"


def show_scalar(value: Any) -> str:
    return show(value.item() if isinstance(value, np.generic) else value)


def where(path: list) -> str:
    if not path:
        return ""
    if all(isinstance(p, int) for p in path):
        return f"at index [{', '.join(map(str, path))}]: "
    return "at " + "".join(f"[{p!r}]" for p in path) + ": "


# ---------------------------------------------------------------- comparison

def difference(kind: str, path: list, **fields: Any) -> dict:
    """The first difference as fields: kind, where it is (`path`, already worded) and what each side holds."""
    return {"kind": kind, "path": where(path), **{k: v for k, v in fields.items() if v is not None}}


def compare(expected: Any, actual: Any, tol: Optional[Tolerance], path: Optional[list] = None) -> Optional[dict]:
    """None when actual matches expected; else the first difference (see `difference`)."""
    path = path or []
    if len(path) > MAX_DEPTH:
        return difference("nested", path)
    if isinstance(expected, np.ndarray) or (isinstance(actual, np.ndarray) and isinstance(expected, list)):
        return compare_arrays(expected, actual, tol, path)
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return difference("type", path, expected=show(expected), got=show(actual))
        if len(actual) != len(expected):
            return difference("length", path, expected=str(len(expected)), got=str(len(actual)))
        if len(expected) >= FLAT_FAST_PATH:
            fast_e, fast_a = as_numeric_array(expected), as_numeric_array(actual)
            # Same kinds only: the element-wise path tells True from 1, numpy would not.
            if fast_e is not None and fast_a is not None and (fast_e.dtype.kind == "b") == (fast_a.dtype.kind == "b"):
                return compare_arrays(fast_e, fast_a, tol, path)
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = compare(e, a, tol, path + [i])
            if found:
                return found
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return difference("type", path, expected=show(expected), got=show(actual))
        for key in expected:
            if key not in actual:
                return difference("missing_key", path, key=repr(key)[:60])
        for key in actual:
            if key not in expected:
                return difference("unexpected_key", path, key=repr(key)[:60])
        for key in expected:
            found = compare(expected[key], actual[key], tol, path + [key])
            if found:
                return found
        return None
    if is_number(expected):
        if not is_number(actual) or not numbers_match(expected, actual, tol):
            return difference("value" if is_number(actual) else "type", path, expected=show(expected), got=show(actual))
        return None
    if type(expected) is not type(actual) or expected != actual:  # bool, str, bytes, None: exactly
        kind = "value" if type(expected) is type(actual) else "type"
        return difference(kind, path, expected=show(expected), got=show(actual))
    return None


def numbers_match(e: float, a: float, tol: Optional[Tolerance]) -> bool:
    try:
        if isinstance(e, float) or isinstance(a, float):
            e, a = float(e), float(a)
            if math.isnan(e) or math.isnan(a):
                return math.isnan(e) and math.isnan(a)
    except OverflowError:  # an int too large for a float: only exact equality can hold
        return e == a
    if tol is None or e == a:
        return e == a
    if math.isinf(e) or math.isinf(a):
        return False
    return abs(a - e) <= tol.atol + tol.rtol * abs(e)


def as_numeric_array(value: Any) -> Optional[np.ndarray]:
    """value as an array of bool/int/float/complex, or None when it is ragged, mixed or not numbers."""
    if isinstance(value, np.ndarray):
        return value if value.dtype.kind in "biufc" else None
    try:
        with np.errstate(all="ignore"):
            array = np.array(value)
    except Exception:  # ragged, too deep, ints beyond 64 bits, ...
        return None
    return array if array.dtype.kind in "biufc" else None


def as_plain_array(value: list) -> Optional[np.ndarray]:
    """A list of text (or other non-number values) as an array, or None when ragged or of mixed kinds."""
    try:
        array = np.array(value)
    except Exception:
        return None
    return None if array.dtype.hasobject else array


def kind_name(array: np.ndarray) -> str:
    kind = array.dtype.kind
    return "numbers" if kind in "biufc" else "text" if kind in "US" else f"{array.dtype} values"


def compare_arrays(expected: Any, actual: Any, tol: Optional[Tolerance], path: list) -> Optional[str]:
    e = expected if isinstance(expected, np.ndarray) else as_numeric_array(expected)
    if e is None:  # a list that is not numbers, compared with an array: compare as lists
        return compare(expected, actual.tolist(), tol, path)
    numeric = e.dtype.kind in "biufc"
    a = actual if isinstance(actual, np.ndarray) else None
    if isinstance(actual, list):
        a = as_numeric_array(actual) if numeric else as_plain_array(actual)
    if a is None:
        got = f"{show(actual)} that is not a rectangular array of numbers" if isinstance(actual, list) else show(actual)
        return difference("not_array", path, expected=str(e.shape), got=got)
    if a.shape != e.shape:
        return difference("shape", path, expected=str(e.shape), got=str(a.shape))
    if numeric != (a.dtype.kind in "biufc"):
        return difference("array_kind", path, expected=kind_name(e), got=kind_name(a))
    with np.errstate(all="ignore"):
        if not numeric:
            same = e == a
        elif tol is None or "b" in (e.dtype.kind, a.dtype.kind):
            same = e == a
            if e.dtype.kind in "fc" and a.dtype.kind in "fc":
                same |= np.isnan(e) & np.isnan(a)
        else:
            same = np.isclose(a, e, rtol=tol.rtol, atol=tol.atol, equal_nan=True)
    same = np.asarray(same, dtype=bool)
    if same.shape != e.shape:  # numpy could not compare elementwise (e.g. text with structured records)
        return difference("array_kind", path, expected=kind_name(e), got=kind_name(a))
    wrong = np.flatnonzero(~same.ravel())
    if wrong.size == 0:
        return None
    index = [int(i) for i in np.unravel_index(wrong[0], e.shape)]
    return difference("value", path + index, expected=show_scalar(e[tuple(index)]), got=show_scalar(a[tuple(index)]),
                      count=int(wrong.size) if wrong.size > 1 else None, total=int(e.size) if wrong.size > 1 else None)


# ---------------------------------------------------------------- one pair

class TrustedFileUnreadable(Exception):
    """The expected output or the input cannot be read: the grader's problem, not the student's."""


def judge(pair: dict, tol: Optional[Tolerance], custom, limits: dict) -> dict:
    """The verdict fields for one pair: ok, difference and, when the checker itself failed, checker_error."""
    try:
        expected = normalise(read_answer(pair["expected"], limits))
        args = tuple(pgcodec.decode_file(os.path.join(pair["input"], "args.json"))) if custom else ()
    except Exception as exc:
        raise TrustedFileUnreadable(f"{type(exc).__name__}: {exc}") from None
    try:
        actual = normalise(read_answer(pair["actual"], limits))
    except FileNotFoundError:
        return {"ok": False, "difference": {"kind": "no_output"}}
    except (pgcodec.CodecError, RecursionError, MemoryError, ValueError) as exc:
        return {"ok": False, "difference": {"kind": "unreadable", "detail": str(exc)[:300] or type(exc).__name__}}
    if custom is None:
        found = compare(expected, actual, tol)
        return {"ok": found is None, "difference": found}
    result = custom(expected, actual, args)
    ok, note = result if isinstance(result, tuple) and len(result) == 2 else (result, "")
    if not isinstance(ok, (bool, np.bool_)):
        raise TypeError(f"check() returned {type(ok).__name__}, not a bool or (bool, str)")
    return {"ok": bool(ok), "difference": None if ok else {"kind": "custom", "note": str(note)[:2000]}}


def read_answer(folder: str, limits: dict) -> Any:
    """An answer as the broker stored it: <folder>/value.json and the arrays beside it, each used once."""
    return pgcodec.decode_file(os.path.join(folder, "value.json"), max_json_bytes=limits["max_bytes"],
                               max_npy_bytes=limits["max_bytes"], max_total_bytes=limits["max_bytes"], arrays_once=True)


def load_checker(path: str):
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location("checker", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["checker"] = module
    spec.loader.exec_module(module)
    return module.check


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: check.py <plan.json>", file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        plan = json.load(f)
    events = pgcodec.Events(3)
    events.emit("hello", python=sys.version.split()[0], role="checker", mode="check")
    checker = plan["checker"]
    limits = {"max_bytes": int(plan.get("max_answer_bytes", pgcodec.DEFAULT_JSON_BYTES))}
    tol = Tolerance(checker.get("rtol", 0), checker.get("atol", 0)) if checker["kind"] == "allclose" else None
    try:
        custom = load_checker(checker["file"]) if checker["kind"] == "custom" else None
    except Exception as exc:  # the assignment's checker is broken: no verdict at all, the host reports it
        events.emit("fatal", message=f"the checker could not be loaded: {type(exc).__name__}: {exc}",
                    traceback=traceback.format_exc())
        return 2
    for pair in plan["pairs"]:
        try:
            verdict = judge(pair, tol, custom, limits)
        except TrustedFileUnreadable as exc:
            events.emit("fatal", id=pair["id"], message=f"the expected output or the input cannot be read: {exc}")
            continue
        except Exception as exc:  # the checker failed on this output: a failed comparison, logged for staff
            verdict = {"ok": False, "difference": {"kind": "checker_error", "detail": type(exc).__name__},
                       "checker_error": traceback.format_exc()}
        events.emit("verdict", id=pair["id"], **verdict)
    events.emit("done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
