"""What a test sees of an explorer, in this process: setting a control's value runs the same handler that a
change from the browser runs (there, after the messages queued behind it are applied).

    explorer = convergence_plots.make_convergence_explorer()
    explorer.controls["theta"].value = 1.0
    state = explorer_state(explorer)   # {png, readout, message}
"""

import hashlib


def explorer_state(explorer):
    """{png: sha256 of the figure shown (None before the first), readout, message} of an Explorer."""
    png = explorer.figure.value
    return {"png": hashlib.sha256(png).hexdigest() if png else None, "readout": explorer.readout.value,
            "message": explorer.message.value}


def set_and_read(explorer, **values):
    """Set the controls named in `values`, in order, and return the explorer's state afterwards."""
    for name, value in values.items():
        explorer.controls[name].value = value
    return explorer_state(explorer)


def refuse_a_negative_seed(explorer):
    """Seed 1, then -1 (refused: the message next to the controls, the figure and readout of seed 1 kept), then 2,
    drawn as usual; returns the state after seed 2."""
    before = set_and_read(explorer, seed=1)
    refused = set_and_read(explorer, seed=-1)
    assert "seed=-1: expected an integer &gt;= 0" in refused["message"]
    assert refused["png"] == before["png"] and refused["readout"] == before["readout"]
    again = set_and_read(explorer, seed=2)
    assert again["message"] == "" and again["png"] != before["png"]
    return again
