"""Splits a DQDL document's `Rules = [ ... ]` list into the text of each top-level rule.

Why: Deequ's DQDL parser rejects a whole ruleset when one rule is malformed or of a type it does
not know. To report that rule as an `Error` outcome and still evaluate the others, the bridge
re-parses the rules one by one, which needs the rule boundaries. This is a lexical split only
(quoted strings, `#` comments and bracket depth, as in the public DQDL lexer); the grammar itself
stays with Deequ's parser.
"""
from __future__ import annotations

from dataclasses import dataclass

_OPENERS = {"[": "]", "(": ")", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}


@dataclass(frozen=True)
class RulesSection:
    """`prefix` (Metadata, DataSources, variables) + `Rules = [` rules `]` + `suffix` (Analyzers)."""

    prefix: str
    rules: list[str]
    suffix: str

    def with_rules(self, rules: list[str]) -> str:
        """The same document with only `rules` in its Rules list."""
        body = ",\n    ".join(rules)
        return f"{self.prefix}Rules = [\n    {body}\n]{self.suffix}"


def strip_comments(text: str) -> str:
    """Removes `# ...` line comments that are outside quoted strings (they would swallow a comma
    once rules are re-joined)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            end = _string_end(text, i)
            out.append(text[i:end])
            i = end
        elif ch == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _string_end(text: str, start: int) -> int:
    """Index just past the quoted string opening at `start` (escapes \\" and \\\\); an unterminated
    string runs to the end of the text."""
    i = start + 1
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i += 2
            continue
        if text[i] == '"':
            return i + 1
        i += 1
    return len(text)


def _find_rules_start(text: str) -> tuple[int, int] | None:
    """(start of the `Rules` keyword, index just past its `[`), skipping strings."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            i = _string_end(text, i)
            continue
        if text.startswith("Rules", i) and (i == 0 or not _is_word(text[i - 1])):
            j = i + len("Rules")
            if j < n and _is_word(text[j]):
                i = j
                continue
            j = _skip_space(text, j)
            if j < n and text[j] == "=":
                j = _skip_space(text, j + 1)
                if j < n and text[j] == "[":
                    return i, j + 1
        i += 1
    return None


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_."


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def split_rules(document: str) -> RulesSection | None:
    """The rules of `document`'s Rules section, or None when it has no well-bracketed one."""
    text = strip_comments(document)
    found = _find_rules_start(text)
    if found is None:
        return None
    keyword_at, i = found
    rules: list[str] = []
    stack: list[str] = []
    piece_start = i
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            i = _string_end(text, i)
            continue
        if ch in _OPENERS:
            stack.append(ch)
        elif ch in _CLOSERS:
            if not stack:
                if ch != "]":
                    return None
                last = text[piece_start:i].strip()
                if last:
                    rules.append(last)
                elif rules:
                    return None  # a trailing comma: let the parser's message stand
                return RulesSection(text[:keyword_at], rules, text[i + 1 :])
            if stack.pop() != _CLOSERS[ch]:
                return None
        elif ch == "," and not stack:
            piece = text[piece_start:i].strip()
            if not piece:
                return None
            rules.append(piece)
            piece_start = i + 1
        i += 1
    return None
