"""Benchmark databases, built with the demo loader and the offer generator.

Each dataset is its own database: the demo (real Düsseldorf areas, 1,756 demo offers
for Düsseldorf, Kreis Düren) plus ``generate-offers`` for tenant ``duesseldorf`` up to
the wanted total. A dataset is rebuilt only when its marker (size, seed) differs.

    python bench/datasets.py sqlite-10k|pg-10k|pg-100k
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PRAEVNAV = [sys.executable, "-m", "praevnav"]
PG = os.environ.get("PRAEVNAV_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SEED = 7
DEMO_OFFERS_DUS = 1756  # load-demo: 1,720 generated + 36 real offers in Düsseldorf

DATASETS = {
    "sqlite-10k": {"url": f"sqlite:///{VAR / 'bench-10k.sqlite3'}", "offers": 10_000},
    "pg-10k": {"url": f"{PG}/praevnav_bench", "offers": 10_000},
    "pg-100k": {"url": f"{PG}/praevnav_bench_100k", "offers": 100_000},
    # the plain demo, for the quality set
    "quality": {"url": f"sqlite:///{VAR / 'quality.sqlite3'}", "offers": DEMO_OFFERS_DUS},
}


def env_for(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PRAEVNAV_DATABASE_URL=url,
        PRAEVNAV_DEBUG="false",
        PRAEVNAV_ALLOW_INSECURE_KEY="true",
    )
    env.setdefault("PRAEVNAV_DATA_DIR", str(ROOT.parent / "shared" / "data"))
    return env


def run(args: list[str], url: str) -> str:
    out = subprocess.run(
        PRAEVNAV + args, env=env_for(url), capture_output=True, text=True, cwd=ROOT
    )
    if out.returncode != 0:
        raise SystemExit(f"praevnav {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def analyser_version() -> str:
    """A hash of the analyser's source: a change means the index must be rebuilt."""
    import hashlib

    src = ROOT / "src" / "praevnav" / "catalogue" / "search"
    digest = hashlib.sha256()
    for name in ("analysis.py", "lexicon_de.py", "indexing.py"):
        digest.update((src / name).read_bytes())
    return digest.hexdigest()[:12]


def marker_path(name: str) -> Path:
    return VAR / f"{name}.json"


def ensure(name: str) -> dict:
    """Build the dataset if needed; returns ``{"url", "offers", "name"}``."""
    spec = dict(DATASETS[name], name=name)
    VAR.mkdir(parents=True, exist_ok=True)
    marker = marker_path(name)
    want = {"offers": spec["offers"], "seed": SEED, "version": 2, "analyser": analyser_version()}
    have = json.loads(marker.read_text()) if marker.is_file() else {}
    if have:
        run(["migrate", "--verbosity", "0"], spec["url"])
    if have == want:
        return spec
    if {k: v for k, v in have.items() if k != "analyser"} == {
        k: v for k, v in want.items() if k != "analyser"
    }:
        # Same data, newer analyser: re-index only.
        run(["search-reindex", "--tenant", "duesseldorf"], spec["url"])
        marker.write_text(json.dumps(want))
        return spec
    url = spec["url"]
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        run(["wait-for-database", "--timeout", "20", "--create"], url)
    run(["migrate", "--verbosity", "0"], url)
    run(["load-demo"], url)
    extra = spec["offers"] - DEMO_OFFERS_DUS
    if extra > 0:
        print(f"  {name}: generating {extra} offers …", flush=True)
        args = ["generate-offers", "--tenant", "duesseldorf", "--count", str(extra)]
        print("  " + run([*args, "--seed", str(SEED)], url).strip(), flush=True)
    run(["search-reindex", "--tenant", "duesseldorf"], url)
    marker.write_text(json.dumps(want))
    return spec


if __name__ == "__main__":
    for arg in sys.argv[1:] or list(DATASETS):
        print(ensure(arg))
