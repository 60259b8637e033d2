"""Shared helpers of the benchmark scripts: Django set-up, machine info, percentiles,
result files and the dated section in docs/benchmarks.md."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"


def setup_django(url: str) -> None:
    os.environ["PRAEVNAV_DATABASE_URL"] = url
    os.environ.setdefault("PRAEVNAV_DEBUG", "false")
    os.environ.setdefault("PRAEVNAV_ALLOW_INSECURE_KEY", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praevnav.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def machine(db_version: str = "") -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": ram,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "database": db_version,
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    return path


def append_doc(title: str, body: str) -> None:
    """Add a dated section to docs/benchmarks.md (newest last)."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    text = text.rstrip() + f"\n\n## {stamp} — {title}\n\n{body.strip()}\n"
    DOC.write_text(text, encoding="utf-8")
