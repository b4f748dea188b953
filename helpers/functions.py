"""Functions of x typed as text, such as "where(x >= 5, 1, 0)", turned into a vectorised f(x) without eval.

The text is parsed with `ast`; only a whitelisted tree is accepted and this module evaluates it itself, node by
node, with numpy float64 arrays. Floats cannot grow without bound in time or memory (a huge power is inf, not a
huge integer), and the limits below reject the rest early with a ValueError that names the offending part.
"""

import ast
import difflib
import functools
import unicodedata
import warnings

import numpy as np

MAX_LENGTH = 200  # characters of text
MAX_DEPTH = 32  # operations and calls nested inside each other
MAX_NUMBER = 1e9  # largest number written in the text
MAX_EXPONENT = 100  # largest |exponent| in a ** b when b does not depend on x

CONSTANTS = {"pi": np.pi, "e": np.e}
FUNCTIONS = {  # name: (numpy function, number of arguments); table(x, v0, v1, ...) is handled apart
    **{name: (getattr(np, name), 1) for name in (
        "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
        "exp", "log", "log1p", "log2", "log10", "sqrt", "abs", "floor", "ceil", "round", "sign")},
    **{name: (getattr(np, name), 2) for name in ("minimum", "maximum", "mod", "heaviside")},
    "where": (lambda c, a, b: np.where(c != 0, a, b), 3),
    "clip": (np.clip, 3),
}
ALLOWED = ("x; numbers; pi, e; + - * / // % **; < <= > >= == != (1 if true, else 0); and, or, not; "
           "a if c else b; the functions " + ", ".join(FUNCTIONS) + ", table(x, v0, v1, ...)")

PRESETS = {  # label: text, in the order of the explorer's dropdown
    "x": "x",
    "x²": "x**2",
    "indicator x = 3": "x == 3",
    "step: 1 if x ≥ 5": "where(x >= 5, 1, 0)",
    "cos x": "cos(x)",
    "lookup table": "table(x, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5)",
}

_CHARACTER_HINTS = {"²": "**2", "³": "**3", "×": "*", "·": "*", "÷": "/", "−": "-", "π": "pi",
                    "≤": "<=", "≥": ">=", "≠": "!=", "’": "nothing: quotes are not allowed"}
_REFUSED_NODES = {  # syntax tree node: why it is refused
    ast.Attribute: "attribute access with a dot is not part of f(x)",
    ast.Subscript: "indexing with [ ] is not part of f(x)",
    ast.Lambda: "lambda is not part of f(x)",
    ast.NamedExpr: "the := operator is not part of f(x)",
    ast.Starred: "* unpacking is not part of f(x)",
    ast.JoinedStr: "f-strings are not part of f(x)",
    ast.Tuple: "a comma outside a function call makes a tuple, which is not part of f(x)",
    **{node: "comprehensions are not part of f(x)"
       for node in (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)},
    **{node: "lists, sets and dicts are not part of f(x)" for node in (ast.List, ast.Set, ast.Dict)},
}
_CONSTANT_KINDS = {str: "text in quotes", bytes: "bytes", complex: "a complex number",
                   bool: "True/False (write 1 or 0)", type(None): "None"}
_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.true_divide,
           ast.FloorDiv: np.floor_divide, ast.Mod: np.remainder, ast.Pow: np.power}
_COMPARE = {ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal,
            ast.Eq: np.equal, ast.NotEq: np.not_equal}
_UNARY = {ast.USub: np.negative, ast.UAdd: np.positive, ast.Not: lambda a: np.asarray(a == 0, dtype=float)}


class _Refused(Exception):
    """A part of the text that f(x) cannot contain; reason may name it as {part}."""

    def __init__(self, node, reason):
        super().__init__(reason)
        self.node, self.reason = node, reason


class ParsedFunction:
    """f(x) parsed from text: f(x) for x of any shape -> finite float64 array of that shape (ValueError if not)."""

    def __init__(self, text, evaluate):
        self.text, self._evaluate = text, evaluate

    def __call__(self, x):
        try:
            x = np.asarray(x, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"x={_shorten(repr(x))}: expected numbers") from None
        with np.errstate(all="ignore"):
            try:
                fx = np.broadcast_to(self._evaluate(x), x.shape).astype(float)
            except _Refused as refused:
                raise _error(self.text, refused) from None
        bad = ~np.isfinite(fx)
        if bad.any():
            raise ValueError(f"f(x) = {self.text} is {fx[bad][0]} at x={x[bad][0]:g}: expected finite values")
        return fx

    def __repr__(self):
        return f"parse_function({self.text!r})"


def parse_function(text):
    """f(x) from text such as "where(x >= 5, 1, 0)": x of any shape -> float64 array of the same shape.

    The text may use x, numbers, the constants pi and e, + - * / // % ** and unary -, comparisons
    < <= > >= == != (chained ones too) giving 1.0 or 0.0, and/or/not (elementwise, giving 1.0 or 0.0),
    `a if c else b`, and calls sin cos tan arcsin arccos arctan sinh cosh tanh exp log log1p log2 log10 sqrt
    abs floor ceil round sign (one argument), minimum maximum mod heaviside (two), where(c, a, b) and
    clip(a, low, high) (three), and table(x, v0, v1, ...) = v_x for integer x in 0..len(v)-1.
    Limits: MAX_LENGTH characters, MAX_DEPTH nested operations, numbers up to MAX_NUMBER, and exponents
    that do not depend on x up to MAX_EXPONENT in size. Anything else raises ValueError naming the part.
    Calling f raises ValueError if a value is NaN or infinite (numpy warnings are silenced), so f can be
    evaluated directly or through helpers.checks.evaluate_f.
    """
    source = _check_text(text)
    tree = _parse(source)
    try:
        _check_depth(tree.body)
        return ParsedFunction(source, _compile(tree.body))
    except _Refused as refused:
        raise _error(source, refused) from None


def _shorten(shown, limit=60):
    return shown if len(shown) <= limit else f"{shown[:limit - 5]}...{shown[-2:]}"


def _error(text, refused):
    part = ast.get_source_segment(text, refused.node) or text
    return ValueError(f"text={_shorten(repr(text))}: " + refused.reason.replace("{part}", repr(part)))


def _check_text(text):
    """The stripped text, or ValueError if it is not a short non-empty line of printable ASCII."""
    if not isinstance(text, str):
        raise ValueError(f"text={_shorten(repr(text))}: expected a string such as 'x**2'")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"text={_shorten(repr(text))} is too long ({len(text)} characters): "
                         f"expected at most {MAX_LENGTH}")
    if not text.strip():
        raise ValueError(f"text={text!r} is empty: expected an expression in x such as 'x**2'")
    bad = next((c for c in text.strip() if not " " <= c <= "~"), None)
    if bad is not None:
        hint = f"; write {_CHARACTER_HINTS[bad]} instead" if bad in _CHARACTER_HINTS else ""
        raise ValueError(f"text={_shorten(repr(text))}: the character {bad!r} "
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
        raise ValueError(f"text={_shorten(repr(source))}: not a valid expression ({reason}); "
                         "expected something like 'where(x >= 5, 1, 0)'") from None


def _check_depth(node):
    """Refuse trees with more than MAX_DEPTH expressions nested inside each other (walked without recursion)."""
    stack = [(node, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _Refused(node, f"nested too deeply: expected at most {MAX_DEPTH} operations inside each other")
        stack.extend((child, depth + isinstance(child, ast.expr)) for child in ast.iter_child_nodes(node))


def _compile(node):
    """A function x -> array that evaluates the (whitelisted) tree below node."""
    compile_node = _COMPILERS.get(type(node))
    if compile_node is None:
        reason = _REFUSED_NODES.get(type(node), "this kind of expression is not part of f(x)")
        raise _Refused(node, "{part} is not allowed: " + reason)
    return compile_node(node)


def _uses_x(node):
    return any(isinstance(n, ast.Name) and n.id == "x" for n in ast.walk(node))


def _constant_value(node, evaluate, what):
    """The value of a part that does not depend on x: a finite float."""
    if _uses_x(node):
        raise _Refused(node, f"{{part}} is not allowed: {what} must not depend on x")
    with np.errstate(all="ignore"):
        value = float(evaluate(np.float64(0)))
    if not np.isfinite(value):
        raise _Refused(node, f"{{part}} is {value}: {what} must be finite")
    return value


def _compile_constant(node):
    value = node.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        kind = _CONSTANT_KINDS.get(type(value), "not a number")
        raise _Refused(node, f"{{part}} is not allowed: it is {kind}, and f(x) contains only numbers")
    if not abs(value) <= MAX_NUMBER:
        raise _Refused(node, f"{{part}} is too large: expected numbers of size at most {MAX_NUMBER:g}")
    value = np.float64(value)
    return lambda x: value


def _compile_name(node):
    if node.id == "x":
        return lambda x: x
    if node.id in CONSTANTS:
        value = np.float64(CONSTANTS[node.id])
        return lambda x: value
    if node.id in FUNCTIONS or node.id == "table":
        raise _Refused(node, f"{{part}} is a function: call it, e.g. {node.id}(x)")
    raise _Refused(node, f"unknown name {{part}}{_suggest(node.id, ['x', *CONSTANTS])}: "
                         "the only variable is x and the constants are pi and e")


def _suggest(name, candidates):
    close = difflib.get_close_matches(name.lower(), candidates, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _compile_binary(node):
    op = _BINARY.get(type(node.op))
    if op is None:
        raise _Refused(node, "{part} is not allowed: its operator is not supported (use ** for powers, "
                             "and/or/not for logic)")
    left, right = _compile(node.left), _compile(node.right)
    if op is np.power and not _uses_x(node.right):
        exponent = _constant_value(node.right, right, "the exponent")
        if abs(exponent) > MAX_EXPONENT:
            raise _Refused(node.right, f"the exponent {{part}} = {exponent:g} is too large: expected an exponent "
                                       f"of size at most {MAX_EXPONENT}")
    return lambda x: op(left(x), right(x))


def _compile_unary(node):
    op = _UNARY.get(type(node.op))
    if op is None:
        raise _Refused(node, "{part} is not allowed: the operator ~ is not supported (use - or not)")
    operand = _compile(node.operand)
    return lambda x: op(operand(x))


def _compile_compare(node):
    ops = [_COMPARE.get(type(op)) for op in node.ops]
    if any(op is None for op in ops):
        raise _Refused(node, "{part} is not allowed: compare numbers with < <= > >= == != only")
    parts = [_compile(n) for n in (node.left, *node.comparators)]

    def compare(x):
        values = [part(x) for part in parts]
        holds = [op(a, b) for op, a, b in zip(ops, values[:-1], values[1:], strict=True)]
        return np.asarray(functools.reduce(np.logical_and, holds), dtype=float)
    return compare


def _compile_boolean(node):
    combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
    parts = [_compile(n) for n in node.values]
    return lambda x: np.asarray(functools.reduce(combine, [part(x) != 0 for part in parts]), dtype=float)


def _compile_if(node):
    test, body, orelse = _compile(node.test), _compile(node.body), _compile(node.orelse)
    return lambda x: np.where(test(x) != 0, body(x), orelse(x))


def _compile_call(node):
    if not isinstance(node.func, ast.Name):
        _compile(node.func)  # refuses x.y(...), "a"(...), lambda: ... with their own reason
    name = getattr(node.func, "id", None)
    if name is None or node.keywords:
        raise _Refused(node, "{part} is not allowed: call functions by name with values in order, e.g. "
                             "where(x >= 5, 1, 0)")
    if name == "table":
        return _compile_table(node)
    if name not in FUNCTIONS:
        raise _Refused(node.func, f"unknown function {{part}}{_suggest(name, [*FUNCTIONS, 'table'])}: "
                                  f"expected one of {', '.join(FUNCTIONS)}, table")
    function, arity = FUNCTIONS[name]
    if len(node.args) != arity:
        raise _Refused(node, f"{{part}}: {name} takes {arity} argument{'s' * (arity > 1)}, got {len(node.args)}")
    args = [_compile(arg) for arg in node.args]
    return lambda x: function(*(arg(x) for arg in args))


def _compile_table(node):
    """table(k, v0, v1, ...) = v_k for integer k in 0..len(v)-1; the values must not depend on x."""
    if len(node.args) < 2:
        raise _Refused(node, "{part}: table needs an index and at least one value, e.g. table(x, 0, 1, 4)")
    index = _compile(node.args[0])
    values = np.array([_constant_value(arg, _compile(arg), "a table value") for arg in node.args[1:]])

    def lookup(x):
        k = np.asarray(index(x), dtype=float)
        valid = (k >= 0) & (k < values.size) & (k == np.floor(k))
        if not valid.all():
            raise _Refused(node, f"{{part}} has {values.size} values: expected {ast.unparse(node.args[0])} to be "
                                 f"a whole number in 0..{values.size - 1}, got {k[~valid].flat[0]:g}")
        return values[k.astype(int)]
    return lookup


_COMPILERS = {ast.Constant: _compile_constant, ast.Name: _compile_name, ast.BinOp: _compile_binary,
              ast.UnaryOp: _compile_unary, ast.Compare: _compile_compare, ast.BoolOp: _compile_boolean,
              ast.IfExp: _compile_if, ast.Call: _compile_call}
