"""A control moved in the browser reaches the kernel, with the ipykernel and ipywidgets installed here.

The test plays the browser: it reads the `comm_open` a new slider sends, then sends the `update` message a
frontend sends when the slider is released, and checks that the kernel's slider took the value and told its
observers. ipywidgets 7.7 (Colab's) speaks through `ipykernel.comm`, ipywidgets 8 through the `comm` package.
"""

import sys

import pytest
from jupyter_client.manager import start_new_kernel

TIMEOUT = 60  # seconds for the kernel to start or answer
MAKE_SLIDER = """import ipywidgets as widgets
slider = widgets.IntSlider(value=1, min=0, max=10)
seen = []
slider.observe(lambda change: seen.append(change["new"]), names="value")"""


@pytest.fixture
def kernel():
    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=TIMEOUT)
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def run(client, code):
    """The iopub messages of executing code, after checking that it raised nothing."""
    messages = []
    reply = client.execute_interactive(code, output_hook=messages.append, timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok", reply["content"]
    return messages


def printed(client, expression):
    return "".join(m["content"]["text"] for m in run(client, f"print({expression})") if m["msg_type"] == "stream")


def test_the_kernel_runs_in_this_environment(kernel):
    assert printed(kernel, "__import__('sys').prefix") == f"{sys.prefix}\n"


def test_slider_opens_a_widget_comm(kernel):
    opened = [m["content"] for m in run(kernel, MAKE_SLIDER) if m["msg_type"] == "comm_open"]
    model = printed(kernel, "slider.model_id").strip()
    assert [(c["target_name"], c["comm_id"]) for c in opened if c["comm_id"] == model] == [("jupyter.widget", model)]


def test_update_from_the_frontend_sets_the_value_and_notifies(kernel):
    run(kernel, MAKE_SLIDER)
    model = printed(kernel, "slider.model_id").strip()
    update = {"comm_id": model, "data": {"method": "update", "state": {"value": 7}, "buffer_paths": []}}
    kernel.shell_channel.send(kernel.session.msg("comm_msg", update))
    assert printed(kernel, "slider.value, seen") == "7 [7]\n"
