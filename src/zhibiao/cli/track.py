"""Commands over plans and targets: plans, track, conflicts, demo (see zhibiao.track)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from zhibiao.cli import app
from zhibiao.cli.common import DbOption, RegionOption, fail, report_alerts, warn

# zhibiao.store and zhibiao.track (SQLAlchemy, Alembic) are imported by the commands that
# use them, to keep every command's start-up short (benchmarks/startup.py).

FormatOption = Annotated[str, typer.Option("--format", help="table or json.")]
plans_app = typer.Typer(help="Declared plans: their targets are tracked against the facts.\n\n"
                        "Example: zhibiao plans add my-plan.yaml --db demo.db", no_args_is_help=True)
app.add_typer(plans_app, name="plans")


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json"):
        raise fail(f"--format {fmt!r}: expected table or json")


@plans_app.command("add")
def plans_add(
    files: Annotated[list[Path], typer.Argument(help="Plan files: YAML, the format is in docs/plans.md.")],
    db: DbOption = None,
) -> None:
    """Declare plans from YAML files; adding one again replaces it.

    The format, with a full example, is docs/plans.md; zhibiao/samples/plans/jiangxi-1269.yaml
    is another. Values take the units texts use (3.5 with unit 亿元, 9 with unit %).

    Example: zhibiao plans add my-plan.yaml --db demo.db
    """
    from zhibiao.store import Store
    from zhibiao.track import add_plan, alerts

    with Store(db) as store:
        for path in files:
            plan = add_plan(store, path)
            typer.echo(f"{plan.name}: {len(plan.targets)} targets")
        report_alerts(alerts.check(store))


@plans_app.command("list")
def plans_list(fmt: FormatOption = "table", db: DbOption = None) -> None:
    """List the plans: declared ones with their file, and those only named by texts.

    Example: zhibiao plans list --db demo.db
    """
    from zhibiao.store import Store
    from zhibiao.track import load_plans
    from zhibiao.track.report import plan_summary, plans_table

    _check_format(fmt)
    with Store(db, read_only=True) as store:
        found = load_plans(store)
    if fmt == "json":
        sys.stdout.write(json.dumps([plan_summary(p) for p in found], ensure_ascii=False, indent=1) + "\n")
    else:
        Console().print(plans_table(found))


@plans_app.command("remove")
def plans_remove(
    name: Annotated[str, typer.Argument(help="The declared plan's name, an alias or its file's name.")],
    db: DbOption = None,
) -> None:
    """Remove a declared plan and its declared targets; targets read from texts stay.

    Example: zhibiao plans remove jiangxi-1269 --db demo.db
    """
    from zhibiao.store import Store
    from zhibiao.track import alerts, remove_plan

    with Store(db) as store:
        plan = remove_plan(store, name)
        report_alerts(alerts.check(store))
    typer.echo(f"removed {plan.name}")


@app.command("track")
def track_command(
    plan: Annotated[str | None, typer.Option("--plan", help="Only plans whose name contains this.")] = None,
    region: RegionOption = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Judge every plan's targets against the stored facts: met, on_track, behind, missed, no_data.

    Example: zhibiao track --plan 1269 --region 江西省 --db demo.db
    """
    from zhibiao.store import Store
    from zhibiao.track import track_store
    from zhibiao.track.report import plan_tables

    _check_format(fmt)
    with Store(db, read_only=True) as store:
        results = track_store(store, plan=plan, region=region)
    if not results:
        warn(f"no plan for --region {region}" if region else
             "no plans in the database: declare one with zhibiao plans add FILE, or ingest documents that state targets")
    if fmt == "json":
        sys.stdout.write(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=1) + "\n")
    else:
        console = Console()
        for table in plan_tables(results):
            console.print(table)


@app.command("conflicts")
def conflicts_command(
    region: RegionOption = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """List figures that different documents report with different values, with both sources.

    Example: zhibiao conflicts --db demo.db --format json
    """
    from zhibiao.store import Store
    from zhibiao.track import conflicts_store
    from zhibiao.track.report import conflict_dict, conflicts_table

    _check_format(fmt)
    with Store(db, read_only=True) as store:
        found = conflicts_store(store, region=region)
    if fmt == "json":
        sys.stdout.write(json.dumps([conflict_dict(c) for c in found], ensure_ascii=False, indent=1) + "\n")
    else:
        Console().print(conflicts_table(found))


@app.command("alerts")
def alerts_command(
    since: Annotated[str | None, typer.Option("--since", help="Only alerts raised on or after this date "
                                              "(YYYY-MM-DD, UTC).")] = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """List supervision alerts, newest first: targets whose status changed after an ingest,
    with the figure that changed it.

    Example: zhibiao alerts --since 2024-01-01 --db demo.db --format json
    """
    from zhibiao.store import Store
    from zhibiao.track import alerts

    _check_format(fmt)
    alerts.check_since(since)
    with Store(db, read_only=True) as store:
        found = alerts.list_alerts(store, since=since)
    if fmt == "json":
        sys.stdout.write(json.dumps([a.to_dict() for a in found], ensure_ascii=False, indent=1) + "\n")
    else:
        if not found:
            warn("no alerts" + (f" since {since}" if since else ""))
        Console().print(alerts.alerts_table(found))


@app.command("demo")
def demo_command(
    db: Annotated[str, typer.Option("--db", help="SQLite file (or URL) to build.")] = "demo.db",
) -> None:
    """Run the built-in sample documents through the whole pipeline and show the results.

    Example: zhibiao demo --db demo.db
    """
    from zhibiao.track import demo

    demo.run(db)
