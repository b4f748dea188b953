"""JupyterLab in the system's headless Chromium, driven by Playwright: for the browser tests and the benchmarks.

server.LabServer runs a Lab server on a folder; notebook.LabNotebook opens a notebook and runs its cells;
controls finds an explorer's controls and figure. The browser: CHROMIUM_ARGS and VIEWPORT below.
"""

# The system Chromium, headless (`playwright install` is not needed).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
# Text a learner might type into a formula box, each with a fragment of the message it must show.
HOSTILE = [
    ("", "is empty"),
    ("x +* 2", "not a valid expression"),
    ("x.__class__", "attribute access"),
    ("__import__('os').system('touch " + "/tmp/explorer-was-run')", "is not allowed"),
    ("open('/etc/passwd')", "unknown function 'open'"),
    ("lambda: 1", "lambda is not part of f(x)"),
    ("9**9**9", "too large"),
    ("(x+1)**(10**6)", "too large"),
    ("x" * 5000, "too long"),
    ("ｘ", "FULLWIDTH LATIN SMALL LETTER X"),
    ("log(x - 3)", "expected finite values"),
    ("y + 1", "unknown name 'y'"),
]
