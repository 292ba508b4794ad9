"""ui/sessions.py: a lazy SessionState gives exactly what Gradio's own eager one gives, and the
real app's events work with it."""

import gradio as gr
from gradio.state_holder import SessionState

from ui import sessions


def _demo() -> gr.Blocks:
    with gr.Blocks() as demo:
        with gr.Row():
            box = gr.Textbox(label="q", value="养老")
            n = gr.Slider(1, 20, value=5)
        out = gr.HTML()
        files = gr.File(interactive=False)
        state = gr.State(None)
        with gr.Accordion("more", open=False):
            gr.Dropdown(["a", "b"], multiselect=True)
        gr.Button("go").click(lambda q, k: (q * int(k), None), [box, n], [out, state])
        gr.Markdown("**md**")
        del files
    return demo


def _eager(demo) -> SessionState:
    state = object.__new__(SessionState)
    sessions.GRADIOS_OWN["init"](state, demo)
    return state


def _eager_components(state) -> list:
    return list(sessions.GRADIOS_OWN["components"].fget(state))


def test_a_lazy_session_renders_nothing_at_start_and_the_same_configs_when_asked():
    assert sessions.install() and sessions.installed() and sessions.install()  # idempotent
    demo = _demo()
    lazy, eager = SessionState(demo), _eager(demo)
    assert lazy.config_values == {} and len(eager.config_values) > 8
    assert list(lazy.components) == _eager_components(eager)
    # an event's new value lands in both the same way (Gradio's _update_value_in_config)
    box_id = next(k for k, b in demo.blocks.items() if isinstance(b, gr.Textbox))
    fresh, eager = SessionState(demo), _eager(demo)
    for state in (fresh, eager):
        state._update_value_in_config(box_id, "学位")
    assert list(fresh.components) == _eager_components(eager)
    assert any(c.get("props", {}).get("value") == "学位" for c in fresh.components)
    assert fresh.state_data == {} and fresh[box_id] is demo.blocks[box_id]


def test_another_gradio_is_left_as_it_is(monkeypatch):
    monkeypatch.setattr(gr, "__version__", "0.0.0")
    assert sessions.install() is False


def test_events_of_a_served_blocks_app_run_on_lazy_sessions():
    sessions.install()
    demo = _demo()
    demo.queue()
    _, url, _ = demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", quiet=True)
    try:
        from gradio_client import Client

        client = Client(url, verbose=False)
        assert client.predict("台账", 3, api_name="/lambda") == "台账台账台账"
    finally:
        demo.close()
