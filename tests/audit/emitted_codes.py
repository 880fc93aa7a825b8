"""Every action code and object type the product writes to the audit trail, read from the source.

The trail's pages label each code (``atbalsts.audit.labels``); this reader finds every value that
reaches ``audit_record``'s ``action`` and ``object_type``, following it back through the
wrappers that pass it on (``audit_authz_fail``, each app's ``_refuse``, accounts' ``_audit``),
module constants, enum members, local variables and conditional expressions. A value it cannot
follow to a literal is reported with its place, so that a code computed at run time (a view's
name, an f-string) cannot reach the trail unlabelled.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "atbalsts"

# The audit trail's one writer and the arguments that carry a code to label.
ENTRY_POINTS = {("audit_record", "action"): "action", ("audit_record", "object_type"): "object"}


@dataclass
class _Module:
    path: Path
    tree: ast.Module
    constants: dict[str, str] = field(default_factory=dict)
    class_constants: dict[tuple[str, str], str] = field(default_factory=dict)
    functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = field(default_factory=dict)
    # Each call with the functions enclosing it, innermost last.
    calls: list[tuple[ast.Call, tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]]] = field(
        default_factory=list
    )


@dataclass
class EmittedCodes:
    actions: set[str] = field(default_factory=set)
    object_types: set[str] = field(default_factory=set)
    unresolved: list[str] = field(default_factory=list)


def _string(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _walk_calls(
    node: ast.AST, stack: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]
) -> Iterator[tuple[ast.Call, tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]]]:
    for child in ast.iter_child_nodes(node):
        inner = stack
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = (*stack, child)
        if isinstance(child, ast.Call):
            yield child, stack
        yield from _walk_calls(child, inner)


def _load(path: Path) -> _Module:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _Module(path=path, tree=tree)
    for statement in tree.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            value = _string(statement.value) if statement.value is not None else None
            for target in targets:
                if isinstance(target, ast.Name) and value is not None:
                    module.constants[target.id] = value
        if isinstance(statement, ast.ClassDef):
            for item in statement.body:
                if isinstance(item, ast.Assign) and (value := _string(item.value)) is not None:
                    for target in item.targets:
                        if isinstance(target, ast.Name):
                            module.class_constants[(statement.name, target.id)] = value
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            module.functions.setdefault(node.name, []).append(node)
    module.calls = list(_walk_calls(tree, ()))
    return module


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    arguments = function.args
    return [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _argument(
    call: ast.Call, parameter: str, definition: ast.FunctionDef | ast.AsyncFunctionDef | None
) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    if definition is not None:
        positional = [a.arg for a in (*definition.args.posonlyargs, *definition.args.args)]
        if parameter in positional and positional.index(parameter) < len(call.args):
            return call.args[positional.index(parameter)]
    return None


def emitted_codes() -> EmittedCodes:
    modules = [
        _load(path) for path in sorted(PACKAGE.rglob("*.py")) if "migrations" not in path.parts
    ]
    found = EmittedCodes()
    # (module path or None for a public name, function name, parameter) → "action" | "object"
    pending: list[tuple[Path | None, str, str, str]] = [
        (None, name, parameter, kind) for (name, parameter), kind in ENTRY_POINTS.items()
    ]
    seen: set[tuple[Path | None, str, str]] = set()

    def add(kind: str, code: str) -> None:
        if code:
            (found.actions if kind == "action" else found.object_types).add(code)

    def resolve(
        module: _Module,
        node: ast.expr,
        stack: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...],
        kind: str,
        where: str,
    ) -> None:
        value = _string(node)
        if value is not None:
            add(kind, value)
            return
        if isinstance(node, ast.IfExp):
            resolve(module, node.body, stack, kind, where)
            resolve(module, node.orelse, stack, kind, where)
            return
        name = node.value if isinstance(node, ast.Attribute) else node
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            constant = module.class_constants.get((node.value.id, node.attr))
            if constant is not None:
                add(kind, constant)
                return
        if isinstance(name, ast.Name) and (
            isinstance(node, ast.Name) or (isinstance(node, ast.Attribute) and node.attr == "value")
        ):
            for function in reversed(stack):
                if name.id in _parameters(function):
                    scope = module.path if function.name.startswith("_") else None
                    pending.append((scope, function.name, name.id, kind))
                    return
                assigned = [
                    statement.value
                    for statement in ast.walk(function)
                    if isinstance(statement, ast.Assign)
                    and any(
                        isinstance(target, ast.Name) and target.id == name.id
                        for target in statement.targets
                    )
                ]
                if assigned:
                    for value_node in assigned:
                        resolve(module, value_node, stack, kind, where)
                    return
            if isinstance(node, ast.Name) and node.id in module.constants:
                add(kind, module.constants[node.id])
                return
        found.unresolved.append(f"{where}: {ast.unparse(node)}")

    while pending:
        scope, function_name, parameter, kind = pending.pop()
        if (scope, function_name, parameter) in seen:
            continue
        seen.add((scope, function_name, parameter))
        for module in modules:
            if scope is not None and module.path != scope:
                continue
            definitions = module.functions.get(function_name, [])
            definition = definitions[0] if len(definitions) == 1 else None
            for call, stack in module.calls:
                if _callee(call) != function_name:
                    continue
                argument = _argument(call, parameter, definition)
                if argument is None:
                    continue
                where = f"{module.path.relative_to(PACKAGE.parent)}:{call.lineno}"
                resolve(module, argument, stack, kind, where)
    return found
