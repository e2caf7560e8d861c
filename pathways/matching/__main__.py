"""Command line for the matching package.

    python -m pathways.matching stable INSTANCE.json RESULT.json
        Solve an instance; write the student-optimal stable matching. Exit 0.
    python -m pathways.matching check INSTANCE.json RESULT.json
        Check a result: exit 0 when valid and stable, 1 when valid with blocking pairs
        (listed on stdout, one "student<TAB>opportunity" a line).

Any malformed input, missing file or invalid JSON prints one line `error: ...` on stderr and
exits 2 (argparse usage errors also exit 2).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .checks import MatchingResultError, blocking_pairs
from .stable import MatchingInputError, parse_instance, quote, stable_match


class CommandError(Exception):
    """A problem to report as one line on stderr, exiting 2."""


def _read_json(path: Path, what: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{what} file {str(path)!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CommandError(f"cannot read {what} file {str(path)!r}: {reason}") from None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise CommandError(f"{what} file {str(path)!r} is not valid JSON: {exc}") from None
    except _DuplicateKeyError as exc:
        raise CommandError(
            f"{what} file {str(path)!r} repeats the key {quote(exc.key)} in one object"
        ) from None


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON objects whose keys repeat would silently keep the last value (a lost student)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


def _write_json(path: Path, data: object) -> None:
    """Write atomically: a reader never sees half a result."""
    directory = path.parent if str(path.parent) else Path()
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CommandError(f"cannot write result file {str(path)!r}: {exc.strerror}") from None
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; a result is an ordinary file
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(f"cannot write result file {str(path)!r}: {exc.strerror}") from None


def _stable(args: argparse.Namespace) -> int:
    result = stable_match(_read_json(args.instance, "instance"))
    _write_json(args.result, result)
    return 0


def _check(args: argparse.Namespace) -> int:
    instance = parse_instance(_read_json(args.instance, "instance"))
    pairs = blocking_pairs(instance, _read_json(args.result, "result"))
    for student, opportunity in pairs:
        print(f"{student}\t{opportunity}")
    return 1 if pairs else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pathways.matching", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    stable = commands.add_parser("stable", help="solve an instance (student-optimal stable matching)")
    stable.add_argument("instance", type=Path, metavar="INSTANCE.json")
    stable.add_argument("result", type=Path, metavar="RESULT.json")
    stable.set_defaults(run=_stable)
    check = commands.add_parser("check", help="check a result: exit 0 stable, 1 blocking pairs")
    check.add_argument("instance", type=Path, metavar="INSTANCE.json")
    check.add_argument("result", type=Path, metavar="RESULT.json")
    check.set_defaults(run=_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except (CommandError, MatchingInputError, MatchingResultError) as exc:
        message = " ".join(str(exc).split())  # always one line
        print(f"error: {message}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
