"""What each export kind writes: a header and a producer of rows, registered once per kind.

A producer is a function ``(*, actor, progress) -> Iterator[Sequence[str]]``: it yields the
rows one by one (never a list of them: the runner streams them into the archive, so memory
stays flat whatever their number) and calls ``progress(done, total)`` now and then so the job
page can show how far it got. It reads only what ``actor`` may see and only the fields the
export needs (docs/security.md EX-3, minimal field set).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from atbalsts.access.policy import ExportKind
from atbalsts.accounts.models import User

Progress = Callable[[int, int | None], None]


class Producer(Protocol):
    def __call__(self, *, actor: User, progress: Progress) -> Iterator[Sequence[str]]: ...


@runtime_checkable
class Summarised(Protocol):
    """Rows that, once read to the end, say what their disclosure control cost (the research
    export): counts and levels for the job page and the README, never a value of the data."""

    def summary(self) -> dict[str, Any] | None: ...


@dataclass(frozen=True)
class ExportDefinition:
    kind: ExportKind
    header: Sequence[str]
    produce: Producer
    # The stem of the CSV's name inside the archive, e.g. "recipient-register".
    file_stem: str


_REGISTRY: dict[ExportKind, ExportDefinition] = {}


def register(
    kind: ExportKind, *, header: Sequence[str], file_stem: str
) -> Callable[[Producer], Producer]:
    """Register ``kind``'s producer; a kind has exactly one."""

    def decorator(produce: Producer) -> Producer:
        if kind in _REGISTRY:
            raise ValueError(f"The export {kind} already has a producer.")
        _REGISTRY[kind] = ExportDefinition(
            kind=kind, header=tuple(header), produce=produce, file_stem=file_stem
        )
        return produce

    return decorator


def definition(kind: ExportKind | str) -> ExportDefinition | None:
    _load_producers()
    try:
        return _REGISTRY.get(ExportKind(kind))
    except ValueError:
        return None


def registered_kinds() -> frozenset[ExportKind]:
    _load_producers()
    return frozenset(_REGISTRY)


def _load_producers() -> None:
    # Imported here, not at the top: the producers import the models of other apps, and
    # registering them is a side effect of importing their modules.
    from atbalsts.exports import htcds, recipients  # noqa: F401

    if ExportKind.HTCDS not in _REGISTRY:
        # The research export's module knows nothing of the framework; it is registered
        # here. Its second pass raises if the release changed under it, and the runner then
        # deletes the partial file and marks the job failed, as its docstring asks.
        register(ExportKind.HTCDS, header=htcds.HEADER, file_stem="htcds")(htcds.htcds_rows)
