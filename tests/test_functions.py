"""parse_function: typed text gives the same f(x) as numpy written by hand, and nothing else gets through."""

import ast
import builtins
import math
import operator
import signal
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers as h
from helpers.checks import evaluate_f
from helpers.function_syntax import MAX_DEPTH
from helpers.functions import MAX_LENGTH, PRESETS, parse_function

GRID = np.linspace(-3.0, 3.0, 61)
POSITIVE = np.linspace(0.1, 5.0, 50)
SUPPORT = np.arange(11.0)
DIGITS_OF_PI = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], dtype=float)
RTOL = 1e-12  # the same float64 operations in the same order: agreement to rounding
HANG_GUARD_SECONDS = 20  # a parse takes microseconds; this only turns an endless loop into a failure

VALID = [  # text, the same function written by hand in numpy, points to compare on
    ("x", lambda x: x, GRID),
    ("(" * 99 + "x" + ")" * 99, lambda x: x, GRID),
    ("3", lambda x: np.full_like(x, 3.0), GRID),
    ("  x + 1  ", lambda x: x + 1, GRID),
    ("-x**2", lambda x: -(x**2), GRID),
    ("2**-1 * x", lambda x: 0.5 * x, GRID),
    ("x**2**0.5", lambda x: x ** (2**0.5), POSITIVE),
    ("(x - 1.5)**2 / 4", lambda x: (x - 1.5) ** 2 / 4, GRID),
    ("x // 2 + x % 3", lambda x: np.floor_divide(x, 2) + np.remainder(x, 3), GRID),
    ("1e-3 * x + 2.5e2", lambda x: 0.001 * x + 250.0, GRID),
    ("pi * x + e", lambda x: math.pi * x + math.e, GRID),
    ("x == 3", lambda x: (x == 3).astype(float), SUPPORT),
    ("x != 3", lambda x: (x != 3).astype(float), SUPPORT),
    ("0 < x <= 2", lambda x: ((0 < x) & (x <= 2)).astype(float), GRID),
    ("x > 1 and x < 2 or not x", lambda x: (((x > 1) & (x < 2)) | (x == 0)).astype(float), GRID),
    ("x if x > 0 else -x", np.abs, GRID),
    ("x if 1 else 2", lambda x: x, GRID),
    ("where(x >= 5, 1, 0)", lambda x: (x >= 5).astype(float), SUPPORT),
    ("sin(x) + cos(x) * tan(x / 4)", lambda x: np.sin(x) + np.cos(x) * np.tan(x / 4), GRID),
    ("exp(-x**2 / 2)", lambda x: np.exp(-(x**2) / 2), GRID),
    ("log(x) + log1p(x) + sqrt(x) + log2(x) - log10(x)",
     lambda x: np.log(x) + np.log1p(x) + np.sqrt(x) + np.log2(x) - np.log10(x), POSITIVE),
    ("abs(x) + floor(x) + ceil(x) + round(x) + sign(x)",
     lambda x: np.abs(x) + np.floor(x) + np.ceil(x) + np.round(x) + np.sign(x), GRID),
    ("arctan(x) + tanh(x) + sinh(x) - cosh(x)", lambda x: np.arctan(x) + np.tanh(x) + np.sinh(x) - np.cosh(x), GRID),
    ("arcsin(x / 3) * arccos(x / 3)", lambda x: np.arcsin(x / 3) * np.arccos(x / 3), GRID),
    ("minimum(x, 1) + maximum(x, -1) + clip(x, -1, 2)",
     lambda x: np.minimum(x, 1) + np.maximum(x, -1) + np.clip(x, -1, 2), GRID),
    ("mod(x, 3) + heaviside(x, 0.5)", lambda x: np.mod(x, 3) + np.heaviside(x, 0.5), GRID),
    ("where(x > 0, log(x), 0)", lambda x: np.concatenate([[0.0], np.log(x[1:])]), SUPPORT),
    ("table(x, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5)", lambda x: DIGITS_OF_PI[x.astype(int)], SUPPORT),
    ("where(x < 2, table(x, 5, 7), x)", lambda x: np.where(x < 2, 5.0 + 2 * x, x), SUPPORT),
    ("table(x - 1, -pi, 2*2)", lambda x: np.where(x == 1, -math.pi, 4.0), np.array([1.0, 2.0, 2.0, 1.0])),
]


@pytest.mark.parametrize("text, reference, x", VALID, ids=[case[0] for case in VALID])
def test_agrees_with_numpy_written_by_hand(text, reference, x):
    np.testing.assert_allclose(parse_function(text)(x), reference(x), rtol=RTOL)


def test_text_is_never_run_as_python(monkeypatch):
    real_compile, compiled_to_code = builtins.compile, []

    def record_compile(source, filename, mode, flags=0, *args, **kwargs):
        if not flags & ast.PyCF_ONLY_AST:
            compiled_to_code.append(source)
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def refuse(*args, **kwargs):
        raise AssertionError("eval or exec called")

    monkeypatch.setattr(builtins, "compile", record_compile)
    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    for text, _, x in VALID:
        parse_function(text)(x)
    texts = {text for text, _, _ in VALID} | {text.strip() for text, _, _ in VALID}
    assert not texts.intersection(source for source in compiled_to_code if isinstance(source, str))


def test_presets_are_the_explorer_choices_and_parse():
    assert list(PRESETS) == ["x", "x²", "indicator x = 3", "step: 1 if x ≥ 5", "cos x", "lookup table"]
    expected = [SUPPORT, SUPPORT**2, (SUPPORT == 3) * 1.0, (SUPPORT >= 5) * 1.0, np.cos(SUPPORT), DIGITS_OF_PI]
    for text, values in zip(PRESETS.values(), expected, strict=True):
        np.testing.assert_allclose(parse_function(text)(SUPPORT), values, rtol=RTOL)


def test_result_is_float64_of_the_shape_of_x():
    assert parse_function("2")(np.zeros((2, 3))).shape == (2, 3)
    fx = parse_function("x == 3")(np.arange(5))
    assert fx.dtype == np.float64 and fx.tolist() == [0.0, 0.0, 0.0, 1.0, 0.0]
    assert parse_function("x + 1")(2).shape == ()
    assert parse_function("x**2")([1, 2]).tolist() == [1.0, 4.0]


def test_many_points_at_once():
    x = np.linspace(-1.0, 1.0, 10**6)
    expected = np.where(x >= 0, np.cos(x), x**2)
    np.testing.assert_allclose(parse_function("where(x >= 0, cos(x), x**2)")(x), expected, rtol=RTOL)


def test_exact_gradient_of_a_typed_function_matches_the_hand_written_one():
    dist = h.Binomial(0.7, trials=10)
    np.testing.assert_allclose(h.exact_gradient(dist, parse_function("(x - 1.5)**2")),
                               h.exact_gradient(dist, lambda x: (x - 1.5) ** 2), rtol=RTOL)


@pytest.mark.parametrize("text, x, message", [
    ("log(x)", SUPPORT, r"f\(x\) = log\(x\) is -inf at x=0: expected finite values"),
    ("1 / (x - 2)", SUPPORT, r"is inf at x=2"),
    ("sqrt(x)", GRID, r"is nan at x=-3"),
    ("exp(x * 1000)", SUPPORT, r"is inf at x=1"),
    ("x // 0", SUPPORT, r"expected finite values"),
    ("table(x, 1, 2)", SUPPORT, r"f\(x\) = table\(x, 1, 2\) is nan at x=2: expected finite values \(table\(k, "
                                r"v0, v1, ...\) is nan unless k is a whole number in 0..len\(v\)-1\)"),
    ("table(x, 1, 2)", GRID, r"is nan at x=-3"),
    ("table(x / 2, 1, 2)", np.array([0.0, 1.0]), r"is nan at x=1: .* whole number"),
    ("clip(x, sqrt(-1), x)", SUPPORT, r"is nan at x=0"),  # a nan bound, on numpy 1.x as on 2.x
])
def test_non_finite_or_undefined_values_raise_without_warnings(text, x, message):
    f = parse_function(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=message):
            f(x)
        with pytest.raises(ValueError, match="expected"):
            evaluate_f(f, x)


def test_values_unused_by_where_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert parse_function("where(x > 0, 1 / x, 0)")(np.array([0.0, 2.0])).tolist() == [0.0, 0.5]


@pytest.mark.parametrize("x", ["a", 1j, np.array([1.0, 2j]), [[1.0], [2.0, 3.0]]])
def test_bad_x_is_a_value_error(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"x=.*: expected real numbers"):
            parse_function("x")(x)


# --- hostile and malformed text --------------------------------------------------------------------------------
TOUCHED = []  # would change if a text ever ran Python code

HOSTILE = [  # text, a word the message must contain
    ("x +", "not a valid expression"),
    ("(x", "not a valid expression"),
    ("x = 1", "not a valid expression"),
    ("sin(x", "not a valid expression"),
    ("x ; import os", "not a valid expression"),
    ("import os", "not a valid expression"),
    ("__import__('os').system('touch sentinel')", "attribute"),
    ("__import__('os')", "unknown function '__import__'"),
    ("x.__class__", "'x.__class__' is not allowed: attribute"),
    ("().__class__.__bases__[0].__subclasses__()", "attribute"),
    ("open('sentinel', 'w')", "unknown function 'open'"),
    ("eval('1')", "unknown function 'eval'"),
    ("exec('TOUCHED.append(1)')", "unknown function 'exec'"),
    ("TOUCHED.append(1)", "attribute"),
    ("TOUCHED", "unknown name 'TOUCHED'"),
    ("__builtins__", "unknown name '__builtins__'"),
    ("np", "unknown name 'np'"),
    ("np.sin(x)", "attribute"),
    ("y + 1", "unknown name 'y'"),
    ("X", "did you mean 'x'"),
    ("sin", "'sin' is a function"),
    ("max(x, 1)", "did you mean 'maximum'"),
    ("power(x, 9999999)", "unknown function 'power'"),
    ("lambda: 1", "lambda"),
    ("(lambda: 1)()", "lambda"),
    ("(x + 1)(2)", "call functions by name"),
    ("[x for x in ()]", "a comprehension is not part"),
    ("(x for x in (1,))", "comprehension"),
    ("[x]", "a list, set or dict"),
    ("{x: 1}", "a list, set or dict"),
    ("x, 1", "tuple"),
    ("x[0]", "indexing"),
    ("'a'", "text in quotes"),
    ("b'a'", "bytes"),
    ("f'{x}'", "an f-string"),
    ("1j * x", "complex"),
    ("True + x", "True/False"),
    ("None", "None"),
    ("...", "not allowed"),
    ("(y := x)", ":="),
    ("sin(*x)", "unpacking"),
    ("x @ x", "operator"),
    ("x ^ 2", "use \\*\\* for powers"),
    ("x & 1", "operator"),
    ("~x", "operator ~"),
    ("x is 1", "compare numbers"),
    ("x in (1, 2)", "compare numbers"),
    ("x**9999999", "exponent '9999999' = 1e\\+07 is too large"),
    ("9**9**9", "exponent '9\\*\\*9' = 3.8742e\\+08 is too large"),
    ("10**10**10", "too large"),
    ("(x+1)**(10**6)", "exponent '\\(10\\*\\*6\\)'|exponent '10\\*\\*6'"),
    ("x**(2**7)", "too large"),
    ("2**1e999", "too large"),
    ("1e999", "too large"),
    ("9" * 199, "too large"),
    ("x * 12345678901", "too large"),
    ("x" + " + x" * 2500, "too long \\(10001 characters\\): expected at most 200"),
    ("(" * 100 + "x" + ")" * 100, "too long"),
    ("(" * 40 + "x" + "+1)" * 40, "nested too deeply"),
    ("-" * 150 + "x", "nested too deeply"),
    ("sin(" * 35 + "x" + ")" * 35, "nested too deeply"),
    ("ｘ", "FULLWIDTH LATIN SMALL LETTER X"),
    ("x²", "write \\*\\*2 instead"),
    ("πx", "write pi instead"),
    ("x\n+ 1", "control character"),
    ("x\t+ 1", "control character"),
    ("x\x00", "control character"),
    ("", "empty"),
    ("   \n  ", "empty"),
    ("where(x > 1, 1, y=2)", "call functions by name with values in order"),
    ("where(x > 1, 1)", "where takes 3 arguments, got 2"),
    ("sin(x, 1)", "sin takes 1 argument, got 2"),
    ("cos()", "cos takes 1 argument, got 0"),
    ("table(x)", "table needs an index and at least one value"),
    ("table(x, x)", "a table value must not depend on x"),
    ("x(1)", "unknown function 'x'"),
    ("'a'(1)", "text in quotes"),
    ("1 if x else 'a'", "text in quotes"),
    ("await x", "not allowed|not a valid"),
    ("yield x", "not a valid expression"),
]


def _raise_timeout(signum, frame):
    raise TimeoutError(f"no answer within {HANG_GUARD_SECONDS} s")


@pytest.fixture
def hang_guard():
    if not hasattr(signal, "SIGALRM"):  # Windows: no alarm, the test still runs
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.alarm(HANG_GUARD_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_corpus_is_large():
    assert len(HOSTILE) >= 40


@pytest.mark.parametrize("text, word", HOSTILE, ids=[repr(case[0])[:40] for case in HOSTILE])
def test_hostile_text_is_refused_without_side_effects(text, word, tmp_path, monkeypatch, hang_guard):
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=word):
            parse_function(text)
    assert list(tmp_path.iterdir()) == [] and TOUCHED == []


@pytest.mark.parametrize("text", [None, 3, b"x", ["x"]])
def test_text_that_is_not_a_string(text):
    with pytest.raises(ValueError, match="expected a string"):
        parse_function(text)


def test_message_names_the_offending_part_inside_a_longer_text():
    with pytest.raises(ValueError, match=r"text='x \+ 2 \* x.real': 'x.real' is not allowed"):
        parse_function("x + 2 * x.real")
    with pytest.raises(ValueError, match=r"unknown function 'open'.*expected one of sin, cos.*where, clip, table"):
        parse_function("1 + open(x)")


def test_limits_are_where_they_are_stated():
    parse_function("x" + " " * (MAX_LENGTH - 1))
    with pytest.raises(ValueError, match="too long"):
        parse_function("x" + " " * MAX_LENGTH)
    parse_function("-" * (MAX_DEPTH - 1) + "x")
    with pytest.raises(ValueError, match="nested too deeply"):
        parse_function("-" * MAX_DEPTH + "x")
    assert parse_function("x**100 + 1e9")(np.ones(1)).tolist() == [1e9 + 1]


# --- random expressions: the strategy writes the text and, independently, the function it means --------------
# Each example is (text, reference function, depth in nested operations).
ONE_ARGUMENT = {"sin": np.sin, "cos": np.cos, "exp": np.exp, "log": np.log, "sqrt": np.sqrt, "abs": np.abs,
                "tanh": np.tanh, "floor": np.floor, "sign": np.sign}
TWO_ARGUMENTS = {"minimum": np.minimum, "maximum": np.maximum, "mod": np.mod, "heaviside": np.heaviside}
BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
          "//": operator.floordiv, "%": operator.mod}
COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
               "==": operator.eq, "!=": operator.ne}


def _number(value):
    return (repr(value), lambda x: np.float64(value), 1)


leaves = st.one_of(
    st.just(("x", lambda x: x, 1)),
    st.just(("pi", lambda x: np.float64(math.pi), 1)),
    st.just(("e", lambda x: np.float64(math.e), 1)),
    st.integers(0, 1000).map(_number),
    st.floats(0, 1000).map(_number),
)


def _binary(symbol, a, b):
    op = BINARY[symbol]
    return (f"({a[0]} {symbol} {b[0]})", lambda x: op(a[1](x), b[1](x)), 1 + max(a[2], b[2]))


def _compare(symbol, a, b):
    op = COMPARISONS[symbol]
    return (f"({a[0]} {symbol} {b[0]})", lambda x: op(a[1](x), b[1](x)) * 1.0, 1 + max(a[2], b[2]))


def _power(a, k):
    return (f"({a[0]} ** {k!r})", lambda x: np.power(a[1](x), np.float64(k)), 2 + a[2])


def _call(name, *args):
    function = ONE_ARGUMENT.get(name) or TWO_ARGUMENTS[name]
    text = f"{name}({', '.join(arg[0] for arg in args)})"
    return (text, lambda x: function(*(arg[1](x) for arg in args)), 1 + max(arg[2] for arg in args))


def _logic(kind, a, b):
    if kind == "not":
        return (f"(not {a[0]})", lambda x: (a[1](x) == 0) * 1.0, 1 + a[2])
    combine = np.logical_and if kind == "and" else np.logical_or
    return (f"({a[0]} {kind} {b[0]})", lambda x: combine(a[1](x) != 0, b[1](x) != 0) * 1.0, 1 + max(a[2], b[2]))


def _choice(kind, c, a, b):
    if kind == "if":
        return (f"({a[0]} if {c[0]} else {b[0]})", lambda x: np.where(c[1](x) != 0, a[1](x), b[1](x)),
                1 + max(a[2], b[2], c[2]))
    low, high = sorted([a, b], key=lambda t: t[0])
    # min(max(a, low), high), as documented: a nan bound gives nan (np.clip ignores it on numpy 1.x)
    return (f"clip({c[0]}, {low[0]}, {high[0]})",
            lambda x: np.minimum(np.maximum(c[1](x), low[1](x)), high[1](x)),
            1 + max(a[2], b[2], c[2]))


def _extend(children):
    return st.one_of(
        st.builds(lambda a: (f"(-{a[0]})", lambda x: -a[1](x), 1 + a[2]), children),
        st.builds(_binary, st.sampled_from(list(BINARY)), children, children),
        st.builds(_compare, st.sampled_from(list(COMPARISONS)), children, children),
        st.builds(_power, children, st.one_of(st.integers(0, 4), st.floats(-3, 3))),
        st.builds(_call, st.sampled_from(list(ONE_ARGUMENT)), children),
        st.builds(_call, st.sampled_from(list(TWO_ARGUMENTS)), children, children),
        st.builds(_logic, st.sampled_from(["and", "or", "not"]), children, children),
        st.builds(_choice, st.sampled_from(["if", "clip"]), children, children, children),
    )


expressions = st.recursive(leaves, _extend, max_leaves=10)


@settings(max_examples=300, deadline=None)
@given(expressions)
def test_random_expressions_agree_with_their_reference(expression):
    text, reference, depth = expression
    with np.errstate(all="ignore"):
        expected = np.broadcast_to(reference(GRID), GRID.shape)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if len(text) > MAX_LENGTH or depth > MAX_DEPTH:
            with pytest.raises(ValueError, match="too long|nested too deeply"):
                parse_function(text)
        elif np.all(np.isfinite(expected)):
            np.testing.assert_allclose(parse_function(text)(GRID), expected, rtol=RTOL)
        else:
            with pytest.raises(ValueError, match="expected finite values"):
                parse_function(text)(GRID)


EXPRESSION_CHARACTERS = "x0123456789.e+-*/%()<>=! ,_abcdfghijklmnopqrstuvwyz[]{}'\":;@&|^~\\"


TOKENS = ["x", "x", "1", "2.5", "9", "1e9", "pi", "e", "(", ")", "(", ")", ",", "+", "-", "*", "/", "//", "%", "**",
          "<", "==", "!=", "not", "and", "or", "if", "else", "sin", "log", "sqrt", "where", "clip", "table", "mod",
          "lambda", ":", ".", "[", "]", "'a'", "__class__", "y", "=", ":="]
token_text = st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=250), st.text(alphabet=EXPRESSION_CHARACTERS, max_size=60), token_text))
def test_random_text_gives_a_function_or_a_value_error(text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            f = parse_function(text)
        except ValueError:
            return
        try:
            assert f(GRID).shape == GRID.shape
        except ValueError as error:
            assert "expected" in str(error)
