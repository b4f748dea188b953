"""Run a command under another numeric profile: OpenBLAS's kernel family and numpy's SIMD level, both checked.

Usage: python tools/numeric_profile.py PROFILE COMMAND ...     (PROFILE: `list` prints those this machine runs)

A profile is KERNELS+SIMD. KERNELS is `native` (the family OpenBLAS picks for this CPU) or a family this CPU can
run, forced with OPENBLAS_CORETYPE: `generic` (Prescott on any x86-64, ARMV8 on 64-bit ARM), and on x86-64
`sandybridge` (AVX) and `haswell` (AVX2). SIMD is `widest` (every kernel numpy can dispatch to here) or `baseline`
(NPY_DISABLE_CPU_FEATURES turns off every dispatched feature, in the names this numpy uses). Forcing a family
whose instructions the CPU lacks would crash, so such a profile is refused, not run.

The profile is applied with the Python running this file, and checked in a child process before COMMAND runs:
threadpoolctl must report the forced kernel family and numpy must show the features off. The same numbers then
come out of every process COMMAND starts, notebook kernels included.
"""

import json
import os
import platform
import subprocess
import sys

# name: (OPENBLAS_CORETYPE, the numpy CPU feature it needs, what threadpoolctl then reports); `generic` runs anywhere.
FAMILIES = {
    "generic": ("Prescott", "SSE3", {"Prescott", "Katmai"}),
    "sandybridge": ("Sandybridge", "AVX", {"Sandybridge"}),
    "haswell": ("Haswell", "AVX2", {"Haswell"}),
} if platform.machine().lower() in {"x86_64", "amd64"} else {
    "generic": ("ARMV8", "ASIMD", {"ARMV8", "armv8"}),
}

PROBE = """import json, threadpoolctl, numpy
try:
    from numpy._core import _multiarray_umath as m
except ImportError:
    from numpy.core import _multiarray_umath as m
blas = [i for i in threadpoolctl.threadpool_info() if i.get("internal_api") == "openblas"]
print(json.dumps({"dispatch": list(m.__cpu_dispatch__), "features": [k for k, v in m.__cpu_features__.items() if v],
                  "openblas": blas[0].get("architecture") if blas else None, "numpy": numpy.__version__}))"""


def probe(env):
    """What numpy and OpenBLAS use in a fresh Python started with `env`."""
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def clean(env):
    return {k: v for k, v in env.items() if k not in {"OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES"}}


def available():
    """Every profile this machine can run, native+widest first."""
    native = probe(clean(os.environ))
    families = ["native"] + [name for name, (_, needs, _) in FAMILIES.items() if needs in native["features"]]
    return [f"{family}+{simd}" for family in families for simd in ("widest", "baseline")]


def environment(profile):
    """os.environ with the profile's variables set (and any earlier ones removed)."""
    if profile not in available():
        sys.exit(f"numeric profile {profile!r} cannot run on this machine; it runs: {', '.join(available())}")
    family, simd = profile.split("+")
    env = clean(os.environ)
    if family != "native":
        env["OPENBLAS_CORETYPE"] = FAMILIES[family][0]
    if simd == "baseline":
        seen = probe(env)
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(f for f in seen["dispatch"] if f in seen["features"])
    return env


def check(profile, env):
    """Exit unless a fresh Python with `env` runs the profile's kernels and SIMD level; a line saying what it runs."""
    family, simd = profile.split("+")
    seen = probe(env)
    if family != "native" and seen["openblas"] not in FAMILIES[family][2]:
        sys.exit(f"{profile}: OpenBLAS runs {seen['openblas']!r} kernels, not {FAMILIES[family][0]}")
    on = sorted(set(seen["features"]) & set(seen["dispatch"]))
    if simd == "baseline" and on:
        sys.exit(f"{profile}: numpy {seen['numpy']} still dispatches to {', '.join(on)}")
    return (f"numeric profile {profile}: numpy {seen['numpy']}, OpenBLAS kernels {seen['openblas']}, "
            f"SIMD beyond the baseline: {', '.join(on) or 'none'}")


def main(argv):
    if argv[:1] == ["list"]:
        print("\n".join(available()))
        return 0
    if len(argv) < 2:
        sys.exit(__doc__)
    profile, command = argv[0], argv[1:]
    env = environment(profile)
    print(check(profile, env), flush=True)
    return subprocess.run(command, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
