"""How numbers print in the notebooks: to a few significant digits, the same on every machine and numpy version.

A float's last digits depend on the CPU (numpy and OpenBLAS pick their kernels at run time), and numpy 2 prints
a scalar as `np.float64(0.35329003300610395)` where numpy 1 prints `0.35329003300610395`. Printed to four
significant digits, both are `0.3533`: what a learner should read, and what a stored output can be compared with.
"""

import numpy as np

DIGITS = 4

# numpy's scalar types, each registered by name: IPython looks a printer up by the exact type first.
FLOAT_TYPES = sorted({np.dtype(code).type for code in "efdg"}, key=str)
INTEGER_TYPES = sorted({np.dtype(code).type for code in "bBhHiIlLqQ"}, key=str)


def format_float(x, digits=DIGITS):
    """x to `digits` significant digits, positional from 1e-4 to 1e16 as Python prints floats, else scientific.

    >>> format_float(0.35329003300610395), format_float(1.0), format_float(25209.861), format_float(-1.2e-17)
    ('0.3533', '1.0', '25210', '-1.2e-17')
    """
    x = float(x) + 0.0  # -0.0 prints as 0.0
    if not (x == 0 or not np.isfinite(x) or 1e-4 <= abs(x) < 1e16):
        return np.format_float_scientific(x, precision=digits - 1, trim="-")
    text = np.format_float_positional(x, precision=digits, fractional=False, trim="-")
    whole = text.lstrip("-")
    return text + ".0" if whole.isdigit() and len(whole) < digits else text  # 2.0 (as Python prints it), 25210


def set_precision(digits=DIGITS):
    """From now on, a cell's last value shows floats to `digits` significant digits and arrays to `digits` decimals.

    Python and numpy floats print as `format_float` gives them, numpy integers and booleans as plain ones (`3`,
    `True`), in tuples, lists and dicts too; arrays print with numpy's `precision=digits`. Each notebook calls it
    in its setup cell. Outside IPython only the arrays change.
    """
    np.set_printoptions(precision=digits)
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/plain"]
    text = lambda show: lambda value, printer, cycle: printer.text(show(value))  # noqa: E731
    for kind in [float, *FLOAT_TYPES]:
        formatter.for_type(kind, text(lambda value: format_float(value, digits)))
    for kind in INTEGER_TYPES:
        formatter.for_type(kind, text(lambda value: str(int(value))))
    formatter.for_type(np.bool_, text(lambda value: str(bool(value))))
