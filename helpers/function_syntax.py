"""The whitelisted syntax of typed functions of x: a Python `ast` tree checked node by node and turned into numpy.

`compile_tree(node)` returns a function x -> float64 array that evaluates the tree itself (no eval, no exec);
any node outside the whitelist raises `RefusedPart`, which `helpers.functions` turns into a ValueError.
"""

import ast
import difflib
import functools

import numpy as np

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
    "clip": (lambda a, low, high: np.minimum(np.maximum(a, low), high), 3),  # nan bounds give nan on every numpy
}
ALLOWED = ("x, numbers, pi, e, + - * / // % **, < <= > >= == != (1 if true, else 0), and, or, not, "
           "a if c else b, and the functions " + ", ".join(FUNCTIONS) + ", table(x, v0, v1, ...)")

_REFUSED_NODES = {  # syntax tree node: what it is, for the message "... is not part of f(x)"
    ast.Attribute: "attribute access with a dot", ast.Subscript: "indexing with [ ]", ast.Lambda: "lambda",
    ast.NamedExpr: "the := operator", ast.Starred: "* unpacking", ast.JoinedStr: "an f-string",
    ast.Tuple: "a comma outside a function call (a tuple)",
    **dict.fromkeys((ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp), "a comprehension"),
    **dict.fromkeys((ast.List, ast.Set, ast.Dict), "a list, set or dict"),
}
_CONSTANT_KINDS = {str: "text in quotes", bytes: "bytes", complex: "a complex number",
                   bool: "True/False (write 1 or 0)", type(None): "None"}
_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.true_divide,
           ast.FloorDiv: np.floor_divide, ast.Mod: np.remainder, ast.Pow: np.power}
_COMPARE = {ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal,
            ast.Eq: np.equal, ast.NotEq: np.not_equal}
_UNARY = {ast.USub: np.negative, ast.UAdd: np.positive, ast.Not: lambda a: np.asarray(a == 0, dtype=float)}


class RefusedPart(ValueError):
    """A part of the text that f(x) cannot contain; reason may name it as {part}."""

    def __init__(self, node, reason):
        super().__init__(reason)
        self.node, self.reason = node, reason


def check_depth(node):
    """Refuse trees with more than MAX_DEPTH expressions nested inside each other (walked without recursion)."""
    stack = [(node, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise RefusedPart(node, f"nested too deeply: expected at most {MAX_DEPTH} operations inside each other")
        stack.extend((child, depth + isinstance(child, ast.expr)) for child in ast.iter_child_nodes(node))


def compile_tree(node):
    """A function x -> array that evaluates the (whitelisted) tree below node."""
    compile_node = _COMPILERS.get(type(node))
    if compile_node is None and type(node) in _REFUSED_NODES:
        raise RefusedPart(node, f"{{part}} is not allowed: {_REFUSED_NODES[type(node)]} is not part of f(x)")
    if compile_node is None:
        raise RefusedPart(node, "{part} is not allowed: f(x) may use only " + ALLOWED)
    return compile_node(node)


def _uses_x(node):
    return any(isinstance(n, ast.Name) and n.id == "x" for n in ast.walk(node))


def _constant_value(node, evaluate, what):
    """The value of a part that does not depend on x: a finite float."""
    if _uses_x(node):
        raise RefusedPart(node, f"{{part}} is not allowed: {what} must not depend on x")
    with np.errstate(all="ignore"):
        value = float(evaluate(np.float64(0)))
    if not np.isfinite(value):
        raise RefusedPart(node, f"{{part}} is {value}: {what} must be finite")
    return value


def _compile_constant(node):
    value = node.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        kind = _CONSTANT_KINDS.get(type(value), "not a number")
        raise RefusedPart(node, f"{{part}} is not allowed: it is {kind}, and f(x) contains only numbers")
    if not abs(value) <= MAX_NUMBER:
        raise RefusedPart(node, f"{{part}} is too large: expected numbers of size at most {MAX_NUMBER:g}")
    value = np.float64(value)
    return lambda x: value


def _compile_name(node):
    if node.id == "x":
        return lambda x: x
    if node.id in CONSTANTS:
        value = np.float64(CONSTANTS[node.id])
        return lambda x: value
    if node.id in FUNCTIONS or node.id == "table":
        raise RefusedPart(node, f"{{part}} is a function: call it, e.g. {node.id}(x)")
    raise RefusedPart(node, f"unknown name {{part}}{_suggest(node.id, ['x', *CONSTANTS])}: "
                            "the only variable is x and the constants are pi and e")


def _suggest(name, candidates):
    close = difflib.get_close_matches(name.lower(), candidates, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _compile_binary(node):
    op = _BINARY.get(type(node.op))
    if op is None:
        raise RefusedPart(node, "{part} is not allowed: its operator is not supported (use ** for powers, "
                                "and/or/not for logic)")
    left, right = compile_tree(node.left), compile_tree(node.right)
    if op is np.power and not _uses_x(node.right):
        exponent = _constant_value(node.right, right, "the exponent")
        if abs(exponent) > MAX_EXPONENT:
            raise RefusedPart(node.right, f"the exponent {{part}} = {exponent:g} is too large: expected an exponent "
                                          f"of size at most {MAX_EXPONENT}")
    return lambda x: op(left(x), right(x))


def _compile_unary(node):
    op = _UNARY.get(type(node.op))
    if op is None:
        raise RefusedPart(node, "{part} is not allowed: the operator ~ is not supported (use - or not)")
    operand = compile_tree(node.operand)
    return lambda x: op(operand(x))


def _compile_compare(node):
    ops = [_COMPARE.get(type(op)) for op in node.ops]
    if any(op is None for op in ops):
        raise RefusedPart(node, "{part} is not allowed: compare numbers with < <= > >= == != only")
    parts = [compile_tree(n) for n in (node.left, *node.comparators)]

    def compare(x):
        values = [part(x) for part in parts]
        holds = [op(a, b) for op, a, b in zip(ops, values[:-1], values[1:], strict=True)]
        return np.asarray(functools.reduce(np.logical_and, holds), dtype=float)
    return compare


def _compile_boolean(node):
    combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
    parts = [compile_tree(n) for n in node.values]
    return lambda x: np.asarray(functools.reduce(combine, [part(x) != 0 for part in parts]), dtype=float)


def _compile_if(node):
    test, body, orelse = compile_tree(node.test), compile_tree(node.body), compile_tree(node.orelse)
    return lambda x: np.where(test(x) != 0, body(x), orelse(x))


def _compile_call(node):
    name = _function_name(node)
    if name == "table":
        return _compile_table(node)
    function, arity = FUNCTIONS[name]
    if len(node.args) != arity:
        raise RefusedPart(node, f"{{part}}: {name} takes {arity} argument{'s' * (arity > 1)}, got {len(node.args)}")
    args = [compile_tree(arg) for arg in node.args]
    return lambda x: function(*(arg(x) for arg in args))


def _function_name(node):
    """The name in a call name(a, b, ...), refusing other calls and names outside the whitelist."""
    if not isinstance(node.func, ast.Name):
        compile_tree(node.func)  # refuses x.y(...), "a"(...), lambda: ... with their own reason
    name = getattr(node.func, "id", None)
    if name is None or node.keywords:
        raise RefusedPart(node, "{part} is not allowed: call functions by name with values in order, e.g. "
                                "where(x >= 5, 1, 0)")
    if name not in FUNCTIONS and name != "table":
        raise RefusedPart(node.func, f"unknown function {{part}}{_suggest(name, [*FUNCTIONS, 'table'])}: "
                                     f"expected one of {', '.join(FUNCTIONS)}, table")
    return name


def _compile_table(node):
    """table(k, v0, v1, ...) = v_k for a whole number k in 0..len(v)-1, else nan; the values must not depend on x."""
    if len(node.args) < 2:
        raise RefusedPart(node, "{part}: table needs an index and at least one value, e.g. table(x, 0, 1, 4)")
    index = compile_tree(node.args[0])
    values = np.array([_constant_value(arg, compile_tree(arg), "a table value") for arg in node.args[1:]])

    def lookup(x):
        k = np.asarray(index(x), dtype=float)
        valid = (k >= 0) & (k < values.size) & (k == np.floor(k))
        return np.where(valid, values[np.where(valid, k, 0).astype(int)], np.nan)
    return lookup


_COMPILERS = {ast.Constant: _compile_constant, ast.Name: _compile_name, ast.BinOp: _compile_binary,
              ast.UnaryOp: _compile_unary, ast.Compare: _compile_compare, ast.BoolOp: _compile_boolean,
              ast.IfExp: _compile_if, ast.Call: _compile_call}
