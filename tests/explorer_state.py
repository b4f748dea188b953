"""What a test sees of an explorer, in this process: setting a control's value runs the same handler that a
change from the browser runs (there, after the messages queued behind it are applied).

    explorer = convergence_plots.make_convergence_explorer()
    explorer.controls["theta"].value = 1.0
    state = explorer_state(explorer)   # {png, images, errors, readout, message}
"""

import hashlib


def explorer_state(explorer):
    """{png: sha256 of the figure shown, images, errors, readout, message} of an Explorer."""
    outputs = explorer.output.outputs
    images = [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]
    return {"png": hashlib.sha256(images[-1].encode()).hexdigest() if images else None, "images": len(images),
            "errors": sum(o.get("output_type") == "error" for o in outputs), "readout": explorer.readout.value,
            "message": explorer.message.value}


def set_and_read(explorer, **values):
    """Set the controls named in `values`, in order, and return the explorer's state afterwards."""
    for name, value in values.items():
        explorer.controls[name].value = value
    return explorer_state(explorer)
