"""Where things are in a TOML text: table headers, statements and array items, as character spans.

`tomllib` tells us what a pyproject.toml means but not where anything is, and re-dumping TOML would
lose comments, quoting and layout. This scanner walks the text once (strings, multi-line strings,
comments, nested arrays and inline tables included) and records positions, so the pyproject fix can
insert one array item. It assumes the text already parsed with `tomllib`; it is not a validator.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

_BARE_KEY = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_STOP = set(",]}#\r\n")


@dataclass
class Item:
    """One array element: its span and, for strings, the decoded value and the quote it used."""

    start: int
    end: int
    value: str | None = None
    quote: str | None = None


@dataclass
class Array:
    """An array value with the positions needed to add an element in the file's own style."""

    path: tuple[str, ...]
    open: int  # index of "["
    close: int  # index of "]"
    items: list[Item] = field(default_factory=list)
    comma_after_last: int | None = None  # index of a trailing comma, if the array has one


@dataclass
class Table:
    """A `[header]` table (or the root, path ()) and where its statements end."""

    path: tuple[str, ...]
    header_start: int
    body_end: int  # just past the last value written in this table (header end when empty)
    keys: list[tuple[str, ...]] = field(default_factory=list)


@dataclass
class Layout:
    tables: list[Table]
    arrays: dict[tuple[str, ...], Array]

    def table(self, path: tuple[str, ...]) -> Table | None:
        """The `[path]` table defined by a header (not by dotted keys or inline tables), if any."""
        return next((table for table in self.tables if table.path == path), None)


def scan(text: str) -> Layout:
    """The layout of a valid TOML text."""
    return _Scanner(text).run()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.arrays: dict[tuple[str, ...], Array] = {}

    def run(self) -> Layout:
        text = self.text
        table = Table(path=(), header_start=0, body_end=0)
        tables = [table]
        while True:
            self._skip(newlines=True)
            if self.i >= len(text):
                break
            if text[self.i] == "[":
                start = self.i
                double = text.startswith("[[", self.i)
                self.i += 2 if double else 1
                path = self._key()
                self._skip(newlines=False)
                self.i += 2 if double else 1
                table = Table(path=path, header_start=start, body_end=self.i)
                tables.append(table)
            else:
                keys = self._key()
                self._skip(newlines=False)
                self.i += 1  # "="
                self._skip(newlines=False)
                self._value(table.path + keys)
                table.body_end = self.i
                table.keys.append(keys)
        return Layout(tables=tables, arrays=self.arrays)

    def _skip(self, *, newlines: bool) -> None:
        """Skip blanks, and with `newlines` also line breaks and comments."""
        text = self.text
        while self.i < len(text):
            ch = text[self.i]
            if ch in " \t" or (newlines and ch in "\r\n"):
                self.i += 1
            elif newlines and ch == "#":
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end + 1
            else:
                break

    def _key(self) -> tuple[str, ...]:
        parts = []
        while True:
            self._skip(newlines=False)
            ch = self.text[self.i]
            if ch in "\"'":
                start = self.i
                self._string()
                parts.append(tomllib.loads(f"k = {self.text[start:self.i]}")["k"])
            else:
                start = self.i
                while self.i < len(self.text) and self.text[self.i] in _BARE_KEY:
                    self.i += 1
                parts.append(self.text[start : self.i])
            self._skip(newlines=False)
            if self.i < len(self.text) and self.text[self.i] == ".":
                self.i += 1
                continue
            return tuple(parts)

    def _value(self, path: tuple[str, ...] | None) -> None:
        ch = self.text[self.i]
        if ch in "\"'":
            self._string()
        elif ch == "[":
            self._array(path)
        elif ch == "{":
            self._inline_table(path)
        else:
            while self.i < len(self.text) and self.text[self.i] not in _SCALAR_STOP:
                self.i += 1
            while self.text[self.i - 1] in " \t":
                self.i -= 1

    def _string(self) -> None:
        text, quote = self.text, self.text[self.i]
        if text.startswith(quote * 3, self.i):
            position = self.i + 3
            while True:
                if quote == '"' and text[position] == "\\":
                    position += 2
                elif text.startswith(quote * 3, position):
                    run = 3  # up to two more quotes just before the delimiter belong to the string
                    while run < 5 and position + run < len(text) and text[position + run] == quote:
                        run += 1
                    self.i = position + run
                    return
                else:
                    position += 1
        self.i += 1
        while text[self.i] != quote:
            self.i += 2 if quote == '"' and text[self.i] == "\\" else 1
        self.i += 1

    def _array(self, path: tuple[str, ...] | None) -> None:
        array = Array(path=path or (), open=self.i, close=-1)
        self.i += 1
        while True:
            self._skip(newlines=True)
            if self.text[self.i] == "]":
                break
            start = self.i
            quote = self.text[start] if self.text[start] in "\"'" else None
            self._value(None)
            item = Item(start=start, end=self.i, quote=quote[0] if quote else None)
            if quote:
                item.value = tomllib.loads(f"k = {self.text[start:self.i]}")["k"]
            array.items.append(item)
            array.comma_after_last = None
            self._skip(newlines=True)
            if self.text[self.i] == ",":
                array.comma_after_last = self.i
                self.i += 1
        array.close = self.i
        self.i += 1
        if path is not None:
            self.arrays[path] = array

    def _inline_table(self, path: tuple[str, ...] | None) -> None:
        self.i += 1
        while True:
            self._skip(newlines=True)
            if self.text[self.i] == "}":
                self.i += 1
                return
            if self.text[self.i] == ",":
                self.i += 1
                continue
            keys = self._key()
            self._skip(newlines=False)
            self.i += 1  # "="
            self._skip(newlines=False)
            self._value(None if path is None else path + keys)
