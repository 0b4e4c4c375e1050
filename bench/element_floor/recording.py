"""What a page of the dashboard drew in one run, kept as the run's delta messages (elements and blocks with their
delta paths) and read back as a tree. The bench records each page through AppTest (record() below) before it
times the element floor; the element floor draws the tree again with constant data (replay.py)."""

from __future__ import annotations

import json
import os
import struct
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

HERE = Path(__file__).resolve().parent
INDEX = "index.json"


def folder() -> Path:
    return Path(os.environ.get("KPI_ELEMENT_FLOOR_DIR", HERE / "recorded"))


@dataclass
class Node:
    proto: object = None  # an Element or a Block; None for the root containers
    script: str = ""  # the hash of the script that drew it
    children: dict[int, Node] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.proto.WhichOneof("type") if self.proto is not None else ""

    @property
    def is_block(self) -> bool:
        return self.proto is not None and self.proto.DESCRIPTOR.name == "Block"

    def ordered(self) -> list[Node]:
        return [self.children[i] for i in sorted(self.children)]


@dataclass
class Recording:
    roots: dict[int, Node]  # 0 main, 1 sidebar, 2 event, 3 bottom
    page_hash: str  # the page script's hash: elements drawn by any other script are the shell's

    def walk(self):
        """(delta path, node) for every element and block."""
        stack = [((root,), node) for root, node in self.roots.items()]
        while stack:
            path, node = stack.pop()
            if node.proto is not None:
                yield path, node
            stack.extend(((*path, i), child) for i, child in node.children.items())

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, node in self.walk():
            name = ("block:" if node.is_block else "") + node.kind
            out[name] = out.get(name, 0) + 1
        return dict(sorted(out.items()))


def tree(messages: list[ForwardMsg]) -> Recording:
    roots: dict[int, Node] = {}
    page_hash = ""
    for msg in messages:
        if msg.WhichOneof("type") == "navigation":
            page_hash = msg.navigation.page_script_hash
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") not in ("new_element", "add_block"):
            continue
        path = list(msg.metadata.delta_path)
        node = roots.setdefault(path[0], Node())
        for index in path[1:-1]:
            node = node.children.setdefault(index, Node())
        delta = msg.delta
        proto = delta.new_element if delta.WhichOneof("type") == "new_element" else delta.add_block
        leaf = node.children.setdefault(path[-1], Node()) if len(path) > 1 else node
        leaf.proto, leaf.script = proto, msg.metadata.active_script_hash
    return Recording(roots, page_hash)


def save(directory: Path, slug: str, label: str, messages: list[ForwardMsg]) -> Path:
    """Keep one run's navigation and delta messages, length-prefixed, and list the file under (page, label)."""
    directory.mkdir(parents=True, exist_ok=True)
    index_path = directory / INDEX
    index = json.loads(index_path.read_text()) if index_path.exists() else {}
    name = f"{slug}-{len(index.get(slug, {}))}.pb"
    kept = (m for m in messages if m.WhichOneof("type") in ("delta", "navigation"))
    with open(directory / name, "wb") as out:
        for msg in kept:
            raw = msg.SerializeToString()
            out.write(struct.pack("<I", len(raw)) + raw)
    index.setdefault(slug, {})[label] = name
    index_path.write_text(json.dumps(index, indent=1))
    return directory / name


def load(path: Path) -> Recording:
    data, messages, at = path.read_bytes(), [], 0
    while at < len(data):
        (size,) = struct.unpack_from("<I", data, at)
        msg = ForwardMsg()
        msg.ParseFromString(data[at + 4 : at + 4 + size])
        messages.append(msg)
        at += 4 + size
    return tree(messages)


def index(directory: Path) -> dict[str, dict[str, str]]:
    path = directory / INDEX
    return json.loads(path.read_text()) if path.exists() else {}


@contextmanager
def capture():
    """While open, every AppTest run's messages are appended to the yielded list (one list per run)."""
    import streamlit.testing.v1.local_script_runner as runner

    runs: list[list[ForwardMsg]] = []
    original = runner.parse_tree_from_messages

    def keep(messages):
        runs.append(list(messages))
        return original(messages)

    runner.parse_tree_from_messages = keep
    try:
        yield runs
    finally:
        runner.parse_tree_from_messages = original
