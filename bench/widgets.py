"""Widget values as the frontend holds and sends them: each input widget drawn in a run registers its value (the
default, or the value the server set) when it mounts, and every rerun sends the values of the widgets on screen in
a WidgetStates message. Buttons, download buttons, file uploaders and tables have no value until acted on."""

from __future__ import annotations

from streamlit.proto.Common_pb2 import UploadedFileInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.WidgetStates_pb2 import WidgetState

INPUTS = ("selectbox", "radio", "checkbox", "multiselect", "text_input", "text_area", "number_input", "slider")
INPUTS += ("date_input", "time_input", "color_picker")


def _choice(proto) -> str | None:
    """A select box's or radio's value: the option's label, as the frontend sends it."""
    if proto.set_value and proto.HasField("raw_value"):
        return proto.raw_value
    if proto.HasField("default") and 0 <= proto.default < len(proto.options):
        return proto.options[proto.default]
    return None


def initial(element: Element) -> WidgetState | None:
    """The value a widget registers when it is drawn (None for widgets without one, or an empty select box)."""
    kind = element.WhichOneof("type")
    if kind not in INPUTS:
        return None
    proto = getattr(element, kind)
    state = WidgetState(id=proto.id)
    if kind in ("selectbox", "radio"):
        value = _choice(proto)
        if value is None:
            return None
        state.string_value = value
    elif kind == "checkbox":
        state.bool_value = proto.value if proto.set_value else proto.default
    elif kind == "multiselect":
        chosen = list(proto.raw_values) if proto.set_value else [proto.options[i] for i in proto.default]
        state.string_array_value.data.extend(chosen)
    elif kind in ("text_input", "text_area", "color_picker", "time_input"):
        value = proto.value if proto.set_value and proto.HasField("value") else proto.default
        if not value and kind == "time_input":
            return None
        state.string_value = value
    elif kind == "number_input":
        if not (proto.set_value and proto.HasField("value")) and not proto.HasField("default"):
            return None
        state.double_value = proto.value if proto.set_value and proto.HasField("value") else proto.default
    elif kind == "slider" and proto.options:  # a select slider: its options' labels
        chosen = proto.raw_value if proto.set_value else [proto.options[int(i)] for i in proto.default]
        state.string_array_value.data.extend(chosen)
    elif kind == "slider":
        state.double_array_value.data.extend(proto.value if proto.set_value else proto.default)
    elif kind == "date_input":
        state.string_array_value.data.extend(proto.value if proto.set_value else proto.default)
    return state


def choose(element: Element, value) -> WidgetState:
    """The state the frontend sends when a person picks `value` (an option's label, a flag, a text or a number)."""
    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    state = WidgetState(id=proto.id)
    if kind in ("selectbox", "radio"):
        if value not in proto.options:
            raise LookupError(f"{kind} {proto.label!r} has no option {value!r}")
        state.string_value = value
    elif kind == "checkbox":
        state.bool_value = bool(value)
    elif kind == "multiselect":
        state.string_array_value.data.extend(value)
    elif kind in ("text_input", "text_area"):
        state.string_value = value
    elif kind == "number_input":
        state.double_value = float(value)
    elif kind == "button":
        state.trigger_value = True
    else:
        raise LookupError(f"the client does not set {kind} widgets")
    return state


def uploaded(element: Element, files: list[tuple[str, int, object]]) -> WidgetState:
    """A file uploader's state once its files are uploaded: (name, size, FileURLs) for each."""
    state = WidgetState(id=element.file_uploader.id)
    for name, size, urls in files:
        info = UploadedFileInfo(name=name, size=size, file_id=urls.file_id)
        info.file_urls.CopyFrom(urls)
        state.file_uploader_state_value.uploaded_file_info.append(info)
    return state


def label(element: Element) -> str:
    kind = element.WhichOneof("type")
    return getattr(getattr(element, kind), "label", "")


def user_key(widget_id: str) -> str | None:
    """The key a widget was given in the script (element ids read "$$ID-<hash>-<key>")."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "$$ID" and parts[2] != "None" else None
