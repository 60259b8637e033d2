"""Import and export benchmark (issue 4, "Speed"): 10,000 offers on SQLite.

Inputs are built here: the demo (``load-demo``) is the base database; a copy gets
10,000 generated offers (``generate-offers``, seed 7; the demo offers are removed and
every generated offer published, so that the tenant holds exactly 10,000 published
offers). Our own exporters write them as the XLSX template and as HSDS 3.0 JSON; each
file is imported into a fresh copy of the base database (10,000 new offers for
Düsseldorf). A dry run of the XLSX file with 5 % corrupted rows must report every
corrupted row. Every measured step runs in its own process: peak memory is that
process's ``ru_maxrss`` (the Django process alone is reported as the baseline).

    python bench/exchange.py [quick]

Writes ``bench/results/exchange.json`` and a section in ``docs/benchmarks.md``.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import ROOT, append_doc, machine, write_result  # noqa: E402
from datasets import env_for, run  # noqa: E402

WORK = ROOT / "var" / "bench" / "exchange"
BASE = WORK / "base.sqlite3"
SOURCE = WORK / "source.sqlite3"
TARGET = WORK / "target.sqlite3"
FILES = WORK / "files"
OFFERS = 10_000
SEED = 7
BAD_SHARE = 0.05
TARGETS = {"import_xlsx": 60.0, "import_hsds": 60.0, "export_hsds": 20.0}
MARKER = {"offers": OFFERS, "seed": SEED, "version": 1}


def url(path: Path) -> str:
    return f"sqlite:///{path}"


# --- preparing the databases and files (parent process) ------------------------------


def prepare() -> None:
    """Base (demo) and source (10,000 published generated offers) databases, once."""
    WORK.mkdir(parents=True, exist_ok=True)
    marker = WORK / "marker.json"
    if marker.is_file() and json.loads(marker.read_text()) == MARKER and SOURCE.is_file():
        return
    for path in (BASE, SOURCE):
        path.unlink(missing_ok=True)
    print("  exchange: building the base database (load-demo) …", flush=True)
    run(["migrate", "--verbosity", "0"], url(BASE))
    run(["load-demo"], url(BASE))
    shutil.copyfile(BASE, SOURCE)
    print(f"  exchange: generating {OFFERS} offers …", flush=True)
    args = ["generate-offers", "--tenant", "duesseldorf", "--count", str(OFFERS)]
    run([*args, "--seed", str(SEED)], url(SOURCE))
    step("publish", db=SOURCE)
    marker.write_text(json.dumps(MARKER))


def step(name: str, *args: str, db: Path) -> dict:
    """Run one measured step in a fresh process; returns its JSON result."""
    env = env_for(url(db))
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "_step", name, *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise SystemExit(f"step {name} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_target() -> Path:
    shutil.copyfile(BASE, TARGET)
    return TARGET


# --- the steps (child process) -------------------------------------------------------


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praevnav.settings")
    import django

    django.setup()


def _rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _tenant():
    from praevnav.core.models import Tenant

    return Tenant.objects.get(slug="duesseldorf")


def _step_publish() -> dict:
    """Keep only the generated offers and publish them all (valid, confirmed today)."""
    from django.utils import timezone

    from praevnav.catalogue.demo.loader import clear_demo
    from praevnav.catalogue.models import Offer

    tenant = _tenant()
    clear_demo(tenant)
    offers = list(Offer.all_tenants.filter(tenant_id__in=tenant.scope_ids()))
    for offer in offers:
        offer.status = "published"
        offer.valid_from = offer.valid_until = None
        offer.last_confirmed_at = timezone.localdate()
        offer.refresh_currency(tenant)
    fields = ["status", "valid_from", "valid_until", "last_confirmed_at"]
    Offer.all_tenants.bulk_update(
        offers, [*fields, "confirmation_due", "hidden_from"], batch_size=500
    )
    return {"offers": len(offers)}


def _timed(fn) -> tuple[object, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _step_export(kind: str) -> dict:
    from praevnav.catalogue.models import Offer
    from praevnav.exchange.hsds.export import hsds_export
    from praevnav.exchange.template.writer import export_offers

    baseline = _rss_mb()
    tenant = _tenant()
    FILES.mkdir(parents=True, exist_ok=True)
    if kind == "hsds":
        target = FILES / "hsds"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        summary, wall, cpu = _timed(lambda: hsds_export(tenant=tenant, directory=target))
        count = summary.services  # type: ignore[attr-defined]
        size = (target / "services.json").stat().st_size
    else:
        ids = list(
            Offer.all_tenants.filter(tenant_id__in=tenant.scope_ids()).values_list("pk", flat=True)
        )
        data, wall, cpu = _timed(lambda: export_offers(tenant=tenant, offer_ids=ids, fmt=kind))
        (FILES / f"offers.{kind}").write_bytes(data)  # type: ignore[arg-type]
        count, size = len(ids), len(data)  # type: ignore[arg-type]
    return {
        "offers": count,
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "bytes": size,
        "peak_rss_mb": _rss_mb(),
        "baseline_rss_mb": baseline,
    }


def _import(fmt: str, path: Path, *, dry_run: bool):
    from praevnav.core.tenancy import tenant_context
    from praevnav.exchange.importing import import_apply, import_plan
    from praevnav.exchange.importing.files import parse_file

    tenant = _tenant()
    data = path.read_bytes()
    times = {}
    cpu, wall = time.process_time(), time.perf_counter()
    parsed = parse_file(data, fmt)
    times["parse"] = time.perf_counter() - wall
    with tenant_context(tenant):
        started = time.perf_counter()
        plan = import_plan(tenant=tenant, parsed=parsed)
        times["plan"] = time.perf_counter() - started
        started = time.perf_counter()
        report = plan.report() if dry_run else import_apply(plan=plan, channel="command")
        times["write"] = time.perf_counter() - started
    total = time.perf_counter() - wall
    return report, total, time.process_time() - cpu, times


def _step_import(fmt: str, path: str) -> dict:
    from praevnav.catalogue.models import Offer, OfferRevision
    from praevnav.catalogue.search.backends import get_backend

    baseline = _rss_mb()
    report, wall, cpu, times = _import(fmt, Path(path), dry_run=False)
    tenant = _tenant()
    scope = tenant.scope_ids()
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "phases": {k: round(v, 2) for k, v in times.items()},
        "created": report.created,
        "errors": len(report.errors),
        "applied": report.applied,
        "offers_in_tenant": Offer.all_tenants.filter(tenant_id__in=scope).count(),
        "revisions": OfferRevision.all_tenants.filter(tenant_id__in=scope).count(),
        "indexed": len(get_backend().indexed_ids(scope)),
        "peak_rss_mb": _rss_mb(),
        "baseline_rss_mb": baseline,
    }


# Corruptions: (column, value or function of the old value). Every one gives exactly
# one error for its row (the export writes one row per offer-location; the generated
# offers have one location each, so offer columns may be corrupted too).
CORRUPTIONS = [
    ("Themen", lambda old: f"{old}|gibtsnicht" if old else "gibtsnicht"),
    ("Breitengrad", lambda old: 123.4),
    ("Gültig von", lambda old: "31.02.2025"),
    ("Zeiten", lambda old: "Mo 12:00-09:00"),
    ("Kinderbetreuung", lambda old: "vielleicht"),
    ("Präventionsebene", lambda old: "gibtsnicht"),
    ("Alter von (Monate)", lambda old: "viele"),
]


def _step_corrupt(source: str, target: str) -> dict:
    """Plant bad cells in 5 % of the rows of an exported XLSX file; write the lines."""
    from openpyxl import Workbook

    from praevnav.exchange.template.reader import read_xlsx

    sheet = read_xlsx(Path(source).read_bytes())
    rng = random.Random(SEED)
    planted = sorted(rng.sample(range(len(sheet.rows)), round(len(sheet.rows) * BAD_SHARE)))
    lines = {}
    for n, index in enumerate(planted):
        header, change = CORRUPTIONS[n % len(CORRUPTIONS)]
        line, cells = sheet.rows[index]
        column = sheet.header.index(header)
        cells += [""] * (column + 1 - len(cells))
        cells[column] = change(cells[column])
        lines[line] = header
    book = Workbook(write_only=True)
    ws = book.create_sheet("Angebote")
    ws.append(sheet.header)
    for _line, cells in sheet.rows:
        ws.append([None if c == "" else c for c in cells])
    book.save(target)
    Path(target).with_suffix(".json").write_text(json.dumps(lines))
    return {"rows": len(sheet.rows), "planted": len(lines)}


LINES_RE = re.compile(r"\d+")


def _step_dry_run(path: str) -> dict:
    from praevnav.catalogue.models import Offer

    before = Offer.all_tenants.count()
    baseline = _rss_mb()
    lines = json.loads(Path(path).with_suffix(".json").read_text())
    planted = {int(k): v for k, v in lines.items()}
    report, wall, cpu, times = _import("xlsx", Path(path), dry_run=True)
    covered: dict[int, int] = {}
    for error in report.errors:
        numbers = [int(n) for n in LINES_RE.findall(error.source)]
        lo, hi = (numbers[0], numbers[-1]) if numbers else (0, -1)
        for line in planted:
            if lo <= line <= hi:
                covered[line] = covered.get(line, 0) + 1
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "phases": {k: round(v, 2) for k, v in times.items()},
        "rows_planted_bad": len(planted),
        "errors_reported": len(report.errors),
        "bad_rows_reported": sum(1 for line in planted if covered.get(line)),
        "rejected_offers": report.rejected,
        "valid_offers": report.created,
        "written": Offer.all_tenants.count() - before,
        "peak_rss_mb": _rss_mb(),
        "baseline_rss_mb": baseline,
    }


def child(name: str, args: list[str]) -> None:
    _setup()
    funcs = {
        "publish": _step_publish,
        "export": _step_export,
        "import": _step_import,
        "corrupt": _step_corrupt,
        "dry-run": _step_dry_run,
    }
    print(json.dumps(funcs[name](*args)))


# --- main ----------------------------------------------------------------------------


def median_of(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["seconds"])
    out = dict(ordered[len(ordered) // 2])
    out["runs_seconds"] = [r["seconds"] for r in runs]
    out["median_seconds"] = round(statistics.median(r["seconds"] for r in runs), 2)
    out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    return out


def main(quick: bool) -> None:
    repeats = 1 if quick else 3
    prepare()
    print("  exchange: exports …", flush=True)
    exports = {
        "xlsx": step("export", "xlsx", db=SOURCE),
        "hsds": median_of([step("export", "hsds", db=SOURCE) for _ in range(repeats)]),
    }
    files = {"xlsx": FILES / "offers.xlsx", "hsds": FILES / "hsds" / "services.json"}
    imports = {}
    for fmt in ("xlsx", "hsds"):
        runs = []
        for i in range(repeats):
            print(f"  exchange: import {fmt} {i + 1}/{repeats} …", flush=True)
            result = step("import", fmt, str(files[fmt]), db=fresh_target())
            if not (result["applied"] and result["errors"] == 0):
                raise SystemExit(f"import {fmt} failed: {result}")
            runs.append(result)
        imports[fmt] = median_of(runs)
    print("  exchange: dry run with 5 % bad rows …", flush=True)
    bad = FILES / "offers-bad.xlsx"
    corrupt = step("corrupt", str(files["xlsx"]), str(bad), db=SOURCE)
    dry = step("dry-run", str(bad), db=fresh_target())
    dry["rows"] = corrupt["rows"]
    assert dry["errors_reported"] == dry["rows_planted_bad"] == corrupt["planted"], dry
    assert dry["bad_rows_reported"] == dry["rows_planted_bad"] and dry["written"] == 0, dry
    TARGET.unlink(missing_ok=True)
    data = {
        "machine": machine("SQLite"),
        "offers": OFFERS,
        "repeats": repeats,
        "targets_seconds": TARGETS,
        "export": exports,
        "import": imports,
        "dry_run": dry,
        "file_bytes": {
            "xlsx": files["xlsx"].stat().st_size,
            "hsds_services_json": files["hsds"].stat().st_size,
        },
    }
    write_result("exchange", data)
    body = doc_section(data)
    append_doc("import and export (bench/exchange.py)", body)
    print(body)


def doc_section(d: dict) -> str:
    m = d["machine"]
    imp, exp, dry = d["import"], d["export"], d["dry_run"]

    def row(label, r, target):
        phases = r.get("phases", {})
        detail = ", ".join(f"{k} {v} s" for k, v in phases.items())
        return (
            f"| {label} | {r['median_seconds'] if 'median_seconds' in r else r['seconds']} s "
            f"| {r['cpu_seconds']} s | {target} | {r['peak_rss_mb']:.0f} MB "
            f"({r['baseline_rss_mb']:.0f} MB) | {detail} |"
        )

    return "\n".join(
        [
            "### Import and export",
            "",
            f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; Python {m['python']}, "
            f"SQLite {m['sqlite']}. {d['offers']:,} generated offers (seed {SEED}) of "
            "Düsseldorf, exported with our exporters and imported into a fresh copy of the "
            f"demo database (1,756 demo offers already there); median of {d['repeats']} "
            "run(s), each in its own process. Peak memory = the process's maximum RSS "
            "(in brackets: the same process before the step). Wall time includes "
            "whatever else the machine was doing; CPU time is the process's own.",
            "",
            "| step | wall | CPU | target | peak RSS (before) | phases |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
            row(
                f"import XLSX ({d['file_bytes']['xlsx'] / 1e6:.1f} MB, {imp['xlsx']['created']:,} "
                "new offers)",
                imp["xlsx"],
                "≤ 60 s",
            ),
            row(
                f"import HSDS JSON ({d['file_bytes']['hsds_services_json'] / 1e6:.0f} MB, "
                f"{imp['hsds']['created']:,} new offers)",
                imp["hsds"],
                "≤ 60 s",
            ),
            row(
                f"export HSDS ({exp['hsds']['offers']:,} services, JSON + CSV)",
                exp["hsds"],
                "≤ 20 s",
            ),
            row(f"export XLSX template ({exp['xlsx']['offers']:,} offers)", exp["xlsx"], "–"),
            row(
                f"dry run XLSX, {dry['rows']:,} rows, {dry['rows_planted_bad']} bad",
                dry,
                "–",
            ),
            "",
            f"Dry run: {dry['rows_planted_bad']} corrupted rows planted (unknown codes, "
            "impossible coordinates and dates, bad yes/no, ages and time slots), "
            f"{dry['errors_reported']} errors reported, {dry['bad_rows_reported']} of the "
            f"planted rows named by line, {dry['written']} offers written.",
        ]
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_step":
        child(sys.argv[2], sys.argv[3:])
    else:
        main(quick="quick" in sys.argv[1:] or os.environ.get("BENCH_QUICK") == "1")
