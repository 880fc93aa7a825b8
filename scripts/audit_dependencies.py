"""Audit the locked dependencies for known vulnerabilities (pip-audit against uv.lock).

Fails on any vulnerability not accepted in security/audit-exceptions.toml and on an
accepted exception whose expiry date has passed. When the vulnerability service cannot be
reached (a closed network), nothing was audited: that is said loudly and, unless
ATBALSTS_AUDIT_REQUIRED=1, the run goes on, because no answer is not a finding.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXCEPTIONS = ROOT / "security" / "audit-exceptions.toml"


def accepted_exceptions(today: datetime.date) -> tuple[set[str], list[str]]:
    entries = tomllib.loads(EXCEPTIONS.read_text(encoding="utf-8")).get("exception", [])
    accepted, problems = set(), []
    for entry in entries:
        missing = {"id", "package", "reason", "expires"} - set(entry)
        if missing:
            problems.append(f"exception {entry.get('id', '?')} lacks {sorted(missing)}")
        elif entry["expires"] < today:
            problems.append(
                f"exception {entry['id']} ({entry['package']}) expired {entry['expires']}"
            )
        else:
            accepted.add(entry["id"])
    return accepted, problems


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")


def main() -> int:
    accepted, problems = accepted_exceptions(datetime.datetime.now(tz=datetime.UTC).date())
    uv = os.environ.get("UV", "uv")
    requirements = subprocess.run(  # noqa: S603 -- fixed arguments
        [
            uv,
            "export",
            "--locked",
            "--format",
            "requirements-txt",
            "--no-hashes",
            "--all-groups",
            "--no-emit-project",
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as handle:
        handle.write(requirements)
        handle.flush()
        result = subprocess.run(  # noqa: S603 -- fixed arguments
            [
                sys.executable,
                "-m",
                "pip_audit",
                "-r",
                handle.name,
                "--no-deps",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        _say(result.stderr)
        _say("Dependency audit failed to run.")
        return 1
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    findings = [
        (d["name"], d["version"], v["id"])
        for d in dependencies
        for v in d.get("vulns", [])
        if v["id"] not in accepted and not set(v.get("aliases", [])) & accepted
    ]
    for name, version, vuln in findings:
        problems.append(f"{name} {version}: {vuln}")
    for problem in problems:
        _say(f"dependency audit: {problem}")
    if dependencies and len(skipped) == len(dependencies):
        _say(
            f"DEPENDENCY AUDIT NOT PERFORMED: the vulnerability service could not be reached, "
            f"so none of the {len(dependencies)} locked packages was checked."
        )
        return 1 if problems or os.environ.get("ATBALSTS_AUDIT_REQUIRED") == "1" else 0
    if skipped:
        _say(
            f"{len(skipped)} packages could not be audited: "
            + ", ".join(d["name"] for d in skipped)
        )
    if not problems:
        _say(
            f"Dependency audit: {len(dependencies) - len(skipped)} packages checked, "
            f"no unaccepted vulnerability."
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
