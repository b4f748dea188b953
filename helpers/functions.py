"""Functions of x typed as text, such as "where(x >= 5, 1, 0)", turned into a vectorised f(x) without eval.

The text is parsed with `ast`; only a whitelisted tree is accepted (see `helpers.function_syntax`), and it is
evaluated node by node with numpy float64 arrays, never by eval. Floats cannot grow without bound in time or
memory (a huge power is inf, not a huge integer), and the limits reject the rest early with a ValueError that
names the offending part.
"""

import ast
import unicodedata
import warnings

import numpy as np

from .checks import check_finite_values
from .function_syntax import (
    ALLOWED,
    CONSTANTS,
    FUNCTIONS,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_NUMBER,
    RefusedPart,
    check_depth,
    compile_tree,
)

__all__ = ["ALLOWED", "CONSTANTS", "FUNCTIONS", "MAX_DEPTH", "MAX_EXPONENT", "MAX_LENGTH", "MAX_NUMBER", "PRESETS",
           "ParsedFunction", "parse_function"]

MAX_LENGTH = 200  # characters of text

PRESETS = {  # label: text, in the order of the explorer's dropdown; the table covers x = 0..10
    "x": "x",
    "x²": "x**2",
    "indicator x = 3": "x == 3",
    "step: 1 if x ≥ 5": "where(x >= 5, 1, 0)",
    "cos x": "cos(x)",
    "lookup table": "table(x, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5)",
}

_TABLE_HINT = " (table(k, v0, v1, ...) is nan unless k is a whole number in 0..len(v)-1)"
_CHARACTER_HINTS = {"²": "**2", "³": "**3", "×": "*", "·": "*", "÷": "/", "−": "-", "π": "pi",
                    "≤": "<=", "≥": ">=", "≠": "!="}


class ParsedFunction:
    """f(x) parsed from text: f(x) for x of any shape -> finite float64 array of that shape (ValueError if not)."""

    def __init__(self, text, evaluate):
        self.text, self._evaluate = text, evaluate

    def __call__(self, x):
        x = _as_points(x)
        with np.errstate(all="ignore"):
            fx = np.broadcast_to(self._evaluate(x), x.shape).astype(float)
        table_nan = "table(" in self.text.replace(" ", "") and np.isnan(fx).any()
        return check_finite_values(fx, x, f"f(x) = {self.text}", _TABLE_HINT if table_nan else "")

    def __repr__(self):
        return f"parse_function({self.text!r})"


def parse_function(text):
    """f(x) from text such as "where(x >= 5, 1, 0)": x of any shape -> float64 array of the same shape.

    The text may use x, numbers, the constants pi and e, + - * / // % ** and unary -, comparisons
    < <= > >= == != (chained ones too) giving 1.0 or 0.0, and/or/not (elementwise, giving 1.0 or 0.0),
    `a if c else b`, and calls sin cos tan arcsin arccos arctan sinh cosh tanh exp log log1p log2 log10 sqrt
    abs floor ceil round sign (one argument), minimum maximum mod heaviside (two), where(c, a, b) and
    clip(a, low, high) (three), and table(k, v0, v1, ...) = v_k for whole numbers k in 0..len(v)-1 (nan
    elsewhere, which where() can mask). ALLOWED says the same in one line, for a help text.
    Limits: MAX_LENGTH characters, MAX_DEPTH nested operations, numbers up to MAX_NUMBER, and exponents
    that do not depend on x up to MAX_EXPONENT in size. Anything else raises ValueError naming the part.
    Calling f raises ValueError if a value is nan or infinite (numpy's warnings are silenced), so f can be
    evaluated directly or through helpers.checks.evaluate_f.
    """
    source = _check_text(text)
    tree = _parse(source)
    try:
        check_depth(tree.body)
        return ParsedFunction(source, compile_tree(tree.body))
    except RefusedPart as refused:
        raise _error(source, refused) from None


def _as_points(x):
    """x as a float64 array, or ValueError if it is not real numbers (no warning about discarded parts)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return np.asarray(x, dtype=float)
    except (TypeError, ValueError, Warning):
        raise ValueError(f"{_show(x, 'x')}: expected real numbers") from None


def _show(value, name="text", limit=60):
    """name=repr(value), shortened to about limit characters."""
    shown = repr(value)
    return f"{name}={shown if len(shown) <= limit else shown[:limit - 5] + '...' + shown[-2:]}"


def _error(text, refused):
    part = ast.get_source_segment(text, refused.node) or text
    return ValueError(f"{_show(text)}: " + refused.reason.replace("{part}", repr(part)))


def _check_text(text):
    """The stripped text, or ValueError if it is not a short non-empty line of printable ASCII."""
    if not isinstance(text, str):
        raise ValueError(f"{_show(text)}: expected a string such as 'x**2'")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"{_show(text)} is too long ({len(text)} characters): "
                         f"expected at most {MAX_LENGTH}")
    if not text.strip():
        raise ValueError(f"{_show(text)} is empty: expected an expression in x such as 'x**2'")
    bad = next((c for c in text.strip() if not " " <= c <= "~"), None)
    if bad is not None:
        hint = f"; write {_CHARACTER_HINTS[bad]} instead" if bad in _CHARACTER_HINTS else ""
        raise ValueError(f"{_show(text)}: the character {bad!r} "
                         f"({unicodedata.name(bad, 'a control character')}) is not allowed{hint}; "
                         "f(x) is one line of plain keyboard characters, such as 'x**2'")
    return text.strip()


def _parse(source):
    """The syntax tree of one expression; Python's own warnings about odd code are not shown."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        reason = getattr(error, "msg", None) or "invalid syntax"
        where = f" at character {error.offset}" if getattr(error, "offset", None) else ""
        raise ValueError(f"{_show(source)}: not a valid expression{where} ({reason}); "
                         "expected something like 'where(x >= 5, 1, 0)'") from None


