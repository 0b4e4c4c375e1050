"""One Streamlit command for each kind of recorded element, called with what the recording holds (labels, options,
defaults, keys, texts) and constant data: draw(dg, proto, ctx, path). Kinds not listed here are not drawn (a
spinner, an exception); recording.Recording.counts() says what a page drew."""

from __future__ import annotations

import datetime as dt
import json

HEADINGS = {"h1": "title", "h2": "header", "h3": "subheader"}
ALERTS = {1: "error", 2: "warning", 3: "info", 4: "success"}


def _text(proto, name: str):
    return getattr(proto, name) or None


def _heading(dg, p, ctx, path) -> None:
    command = getattr(dg, HEADINGS.get(p.tag, "subheader"))
    command(p.body, anchor=False if p.hide_anchor else (p.anchor or None), help=_text(p, "help"))


def _markdown(dg, p, ctx, path) -> None:
    if p.element_type == 5:
        dg.divider()
    elif p.element_type == 2:
        dg.caption(p.body, unsafe_allow_html=p.allow_html, help=_text(p, "help"))
    elif p.element_type == 3:
        dg.code(p.body)
    else:
        dg.markdown(p.body, unsafe_allow_html=p.allow_html, help=_text(p, "help"))


def _alert(dg, p, ctx, path) -> None:
    getattr(dg, ALERTS.get(p.format, "info"))(p.body, icon=_text(p, "icon"))


def _metric(dg, p, ctx, path) -> None:
    colour = "off" if p.color == 2 else "normal"
    dg.metric(p.label, p.body, delta=_text(p, "delta"), delta_color=colour, help=_text(p, "help"), border=p.show_border)


def _index(p) -> int | None:
    if p.set_value and p.HasField("raw_value") and p.raw_value in p.options:
        return list(p.options).index(p.raw_value)
    return p.default if p.HasField("default") else None


def _choice(p, ctx, path) -> dict:
    """What a select box and a radio share: label, options, the choice, key, help and whether it is disabled."""
    return dict(
        label=p.label,
        options=list(p.options),
        index=_index(p),
        key=ctx.key(p, path),
        help=_text(p, "help"),
        disabled=p.disabled,
    )


def _selectbox(dg, p, ctx, path) -> None:
    dg.selectbox(**_choice(p, ctx, path), placeholder=_text(p, "placeholder"))


def _radio(dg, p, ctx, path) -> None:
    dg.radio(**_choice(p, ctx, path), horizontal=p.horizontal, captions=list(p.captions) or None)


def _checkbox(dg, p, ctx, path) -> None:
    command = dg.toggle if p.type == 1 else dg.checkbox
    command(p.label, value=p.value if p.set_value else p.default, key=ctx.key(p, path), help=_text(p, "help"))


def _multiselect(dg, p, ctx, path) -> None:
    chosen = list(p.raw_values) if p.set_value else [p.options[i] for i in p.default]
    dg.multiselect(
        p.label,
        list(p.options),
        default=[c for c in chosen if c in p.options],
        key=ctx.key(p, path),
        help=_text(p, "help"),
        max_selections=p.max_selections or None,
        placeholder=_text(p, "placeholder"),
        disabled=p.disabled,
    )


def _text_input(dg, p, ctx, path) -> None:
    value = p.value if p.set_value and p.HasField("value") else (p.default if p.HasField("default") else "")
    command = dg.text_area if p.DESCRIPTOR.name == "TextArea" else dg.text_input
    command(p.label, value=value, max_chars=p.max_chars or None, key=ctx.key(p, path), help=_text(p, "help"))


def _date_input(dg, p, ctx, path) -> None:
    values = list(p.value if p.set_value else p.default)
    value = dt.date.fromisoformat(values[0].replace("/", "-")) if values else None
    dg.date_input(p.label, value=value, key=ctx.key(p, path), help=_text(p, "help"))


def _button(dg, p, ctx, path) -> None:
    if p.is_form_submitter:
        dg.form_submit_button(p.label, type=p.type or "secondary", icon=_text(p, "icon"))
        return
    dg.button(p.label, key=ctx.key(p, path), help=_text(p, "help"), type=p.type or "secondary", icon=_text(p, "icon"))


def _download(dg, p, ctx, path) -> None:
    dg.download_button(
        p.label,
        data=lambda: b"floor\n",
        file_name="floor.csv",
        key=ctx.key(p, path),
        on_click="ignore",
        type=p.type or "secondary",
        icon=_text(p, "icon"),
        disabled=p.disabled,
    )


def _uploader(dg, p, ctx, path) -> None:
    types = [t.lstrip(".") for t in p.type] or None
    dg.file_uploader(p.label, type=types, key=ctx.key(p, path), help=_text(p, "help"))


def _plotly(dg, p, ctx, path) -> None:
    from bench.element_floor.replay import figure

    config = json.loads(p.config) if p.config else None
    fig = figure(ctx.name, ctx.label(path), path)
    dg.plotly_chart(fig, theme=p.theme or None, key=ctx.key(p, path) if p.id else None, config=config)


def _dataframe(dg, p, ctx, path) -> None:
    from bench.element_floor.replay import frame

    data = frame(ctx.name, ctx.label(path), path)
    hidden = '"_index"' in p.columns or "hidden" in p.columns
    if p.editing_mode:
        dg.data_editor(
            data, key=ctx.key(p, path), hide_index=hidden, num_rows="dynamic" if p.editing_mode == 2 else "fixed"
        )
    else:
        dg.dataframe(data, hide_index=hidden, width="stretch", key=ctx.key(p, path) if p.id else None)


def _table(dg, p, ctx, path) -> None:
    from bench.element_floor.replay import frame

    dg.table(frame(ctx.name, ctx.label(path), path))


def _page_link(dg, p, ctx, path) -> None:
    from bench.element_floor.replay import NAV

    target = NAV.get(p.page.strip("/").rsplit("/", 1)[-1].removesuffix(".py"))
    if target is not None:
        dg.page_link(target, label=p.label, icon=_text(p, "icon"))


ELEMENTS = {
    "heading": _heading,
    "markdown": _markdown,
    "alert": _alert,
    "metric": _metric,
    "html": lambda dg, p, ctx, path: dg.html(p.body),
    "text": lambda dg, p, ctx, path: dg.text(p.body),
    "code": lambda dg, p, ctx, path: dg.code(p.code_text, language=p.language or None),
    "selectbox": _selectbox,
    "radio": _radio,
    "checkbox": _checkbox,
    "multiselect": _multiselect,
    "text_input": _text_input,
    "text_area": _text_input,
    "date_input": _date_input,
    "button": _button,
    "download_button": _download,
    "file_uploader": _uploader,
    "plotly_chart": _plotly,
    "dataframe": _dataframe,
    "table": _table,
    "page_link": _page_link,
    "progress": lambda dg, p, ctx, path: dg.progress(p.value, text=p.text or None),
    "empty": lambda dg, p, ctx, path: dg.empty(),
}
