# SPDX-License-Identifier: GPL-3.0-or-later
"""The core stays free of Qt and networking; modules stay small."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parents[2]


def _all_app_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(app.__path__, "app."))


def test_app_imports_no_pyside6() -> None:
    modules = _all_app_modules()
    assert len(modules) > 10
    code = ("import importlib, sys\n"
            f"for m in {modules!r}:\n"
            "    importlib.import_module(m)\n"
            "bad = sorted(k for k in sys.modules if k.startswith(('PySide6', 'shiboken6', 'ui')))\n"
            "print(','.join(bad))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""


# The one opt-in exception (issue 18): the sender process and the organisation's inbox server.
# Nothing else in app/ may name a network module, and the vault side never imports these.
NETWORK_MODULES = {"app/send/tus.py", "app/send/pinning.py", "app/send/sender.py",
                   "app/inbox/server.py"}
NETWORK_PACKAGES = ("ssl", "httpx", "httpcore", "socksio", "uvicorn", "fastapi", "starlette",
                    "tuspyserver", "h11", "anyio")


def test_app_source_has_no_network_imports() -> None:
    banned = ("import socket", "from socket", "import requests", "urllib.request", "http.client",
              "import http", "from http", "import ssl")
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        if str(path.relative_to(ROOT)) in NETWORK_MODULES:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {b}" for b in banned if b in text]
    assert offenders == []
    assert all((ROOT / m).is_file() for m in NETWORK_MODULES)


def test_the_vault_side_loads_no_network_library() -> None:
    """Every app module but the sender's and the inbox server's, imported together, loads no
    HTTP, TLS or SOCKS library (the vault process cannot open a connection it has no code for)."""
    net = {m.removesuffix(".py").replace("/", ".") for m in NETWORK_MODULES}
    modules = [m for m in _all_app_modules() if m not in net]
    code = ("import importlib, sys\n"
            f"for m in {modules!r}:\n"
            "    importlib.import_module(m)\n"
            f"bad = sorted(k for k in sys.modules if k.split('.')[0] in {NETWORK_PACKAGES!r})\n"
            "print(','.join(bad))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""


def test_modules_stay_under_800_lines() -> None:
    big = []
    for folder in ("app", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            n = sum(1 for _ in path.open(encoding="utf-8"))
            if n > 800:
                big.append(f"{path.relative_to(ROOT)} ({n})")
    assert big == []


def test_sockets_are_disabled_in_tests() -> None:
    import socket

    import pytest_socket

    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except pytest_socket.SocketBlockedError:
        return
    raise AssertionError("tests must run with sockets disabled")


def _raised_codes() -> list[tuple[str, str, set[str] | None]]:
    """(where, code, keyword names or None when ``**params`` are passed) for every error built
    with a literal code anywhere in app/."""
    import ast
    import inspect

    from app import errors

    kinds = {name for name, obj in vars(errors).items()
             if inspect.isclass(obj) and issubclass(obj, errors.AppError)}
    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            if name not in kinds:
                continue
            code_node = node.args[0] if node.args else next(
                (k.value for k in node.keywords if k.arg == "code"), None)
            if not (isinstance(code_node, ast.Constant) and isinstance(code_node.value, str)):
                continue
            names: set[str] | None = {k.arg for k in node.keywords if k.arg and k.arg != "code"}
            if any(k.arg is None for k in node.keywords):
                names = None
            found.append((f"{path.relative_to(ROOT)}:{node.lineno}", code_node.value, names))
    return found


def test_every_error_code_raised_has_a_message() -> None:
    """An error the core raises is told in one sentence of the user's language, never as the
    generic 'unexpected error' — and the sentence's placeholders are all given."""
    import string

    from app.messages import all_codes

    table = all_codes()
    raised = _raised_codes()
    assert len(raised) > 50
    missing = [f"{where}: {code}" for where, code, _ in raised if code not in table]
    assert missing == []
    unfilled = []
    for where, code, names in raised:
        if names is None:
            continue
        wanted = {f for _, f, _, _ in string.Formatter().parse(table[code]) if f}
        if wanted - names:
            unfilled.append(f"{where}: {code} lacks {sorted(wanted - names)}")
    assert unfilled == []
