"""The ``newskg`` command line: thin wrappers over :mod:`newskg.api`."""

# ruff: noqa: E402 - the SIGINT handler for the start-up must come before the heavy imports
from __future__ import annotations

import contextlib
import os
import signal
import sys


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """Ctrl-C while the command is still importing: nothing was done; one line, not an import traceback."""
    os.write(2, b"error: interrupted before anything was done\n")
    os._exit(128 + signum)


# Set first, before the heavy imports below; the usual handler is back once they are done (end of module).
# Left alone where SIGINT is ignored (a pool worker that imports this module) or off the main thread.
_STARTING = signal.getsignal(signal.SIGINT)
if _STARTING is signal.default_int_handler:
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGINT, _interrupted_while_starting)

import datetime as dt
import functools
import inspect
import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from newskg import api
from newskg.cypher.loader import Neo4jConfig, Neo4jError
from newskg.model import Visit, WriteResult
from newskg.names.gazetteer import GazetteerError
from newskg.ner.backend import ModelLoadError
from newskg.ner.training import CORPORA, TrainConfig

app = typer.Typer(
    help="Build a knowledge graph of people, organizations and places from Chinese news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# What is printed is data (names, sentences, paths, query rows): never read as markup or emoji codes.
err = Console(stderr=True, soft_wrap=True, markup=False, emoji=False, highlight=False)
out = Console(width=None if sys.stdout.isatty() else 160, markup=False, emoji=False, highlight=False)

ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        envvar="NEWSKG_HANLP_MODEL",
        help="HanLP model directory or pretrained id; default: the bundled offline model.",
    ),
]


def _fail(message: str, code: int = 1) -> NoReturn:
    _ended()  # the command has failed and is about to say so: a Ctrl-C now changes nothing
    err.print(Text.assemble(("error:", "red"), f" {message}"))
    raise typer.Exit(code)


_PROCESS: dict[str, bool] = {"own": False}  # set by main(): this process is the command's own


def _ended() -> None:
    """From here on the command only exits: a late Ctrl-C must not turn its status into a death by signal.

    Only in the command's own process (see :func:`main`): a host that runs the app in-process (tests,
    notebooks) keeps its Ctrl-C.
    """
    if _PROCESS["own"]:
        with contextlib.suppress(ValueError):  # off the main thread: signals are not ours
            signal.signal(signal.SIGINT, signal.SIG_IGN)


class Terminated(KeyboardInterrupt):
    """SIGTERM: the command stops as on Ctrl-C (worker pools ended, staged outputs removed)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


NO_PARTIAL_OUTPUT = "no partial output was left behind"


@contextlib.contextmanager
def _errors(after_interrupt: str = NO_PARTIAL_OUTPUT) -> Iterator[None]:
    """Turn library errors into one line and an exit code, never a traceback.

    Args:
        after_interrupt: What a Ctrl-C or SIGTERM leaves behind, said after "interrupted;".
    """
    try:
        yield
    except api.NoArticlesError as exc:
        _report(exc.report)
        _fail(str(exc), 2)
    except api.OutputError as exc:  # also LockedError: the outputs were left as they were
        _fail(str(exc), 2)
    except api.AmbiguousPlaceError as exc:  # the places it names are listed: the user picks one
        _fail(str(exc), 2)
    except GazetteerError as exc:
        _fail(str(exc))
    except (ModelLoadError, Neo4jError, ValueError, FileNotFoundError, ImportError) as exc:
        _fail(str(exc))
    except Terminated:
        _fail(f"terminated; {after_interrupt}", 128 + signal.SIGTERM)
    except KeyboardInterrupt:
        _fail(f"interrupted; {after_interrupt}", 130)


def _report(report: api.RunReport) -> None:
    """Print warnings and what was skipped or failed, one line each; exit 2 after the run if anything was."""
    for w in report.warnings:
        err.print(f"warning: {w}", highlight=False, markup=False)
    for e in report.errors:
        err.print(f"skipped {e.path}: {e.reason}", highlight=False, markup=False)
    for f in report.failed:
        err.print(f"failed {f.source} article {f.title or f.article_id}: {f.reason}", highlight=False, markup=False)
    if report.duplicates:
        err.print(f"{report.duplicates} duplicate article(s) counted once", highlight=False)


@contextlib.contextmanager
def _progress(what: str | None, paths: list[Path] | None = None) -> Iterator[tuple[api.Progress, api.LoadProgress]]:
    """Progress bars on stderr (terminals only): ``what`` for articles (none if None), and a Neo4j load.

    Counting ``paths`` first gives the article bar an ETA.
    """
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} articles/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    # Reading is cheap next to NER, so one extra pass buys an ETA.
    total = api.count_articles(paths) if paths and err.is_terminal else None
    task = bar.add_task(what or "", total=total, rate="-", visible=what is not None)
    loading: list[TaskID] = []
    with bar:

        def update(n: int) -> None:
            elapsed = bar.tasks[task].elapsed or 0.0
            bar.update(task, completed=n, rate=f"{n / elapsed:.1f}" if elapsed else "-")

        def load(done: int, total: int) -> None:
            if not loading:
                loading.append(bar.add_task("loading", total=total, rate="-"))
            bar.update(loading[0], completed=done, total=total)

        yield update, load


# The Neo4j connection options, declared once; commands decorated with
# @_neo4j_options receive them as one ``db: Neo4jConfig``.
_NEO4J_OPTIONS = (
    inspect.Parameter(
        "uri",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None, typer.Option("--uri", envvar="NEO4J_URI", help="Bolt URI (default: bolt://localhost:7687).")
        ],
    ),
    inspect.Parameter(
        "user",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None, typer.Option("--user", envvar="NEO4J_USER", help="Neo4j user (default: neo4j).")
        ],
    ),
    inspect.Parameter(
        "password",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None,
            # The password is never shown: not as a default, not in errors or reports.
            typer.Option(
                "--password",
                envvar="NEO4J_PASSWORD",
                show_default=False,
                help="Neo4j password; better set NEO4J_PASSWORD (a command line shows in ps and shell history).",
            ),
        ],
    ),
    inspect.Parameter(
        "database",
        inspect.Parameter.KEYWORD_ONLY,
        default="neo4j",
        annotation=Annotated[str, typer.Option("--database", help="Neo4j database name.")],
    ),
)
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        envvar="NEWSKG_WORKERS",
        show_default=False,
        help="Extraction processes, each running PyTorch on one thread. Default: one per core this process may use "
        "(CPU affinity, cgroup quota); fewer than 100 articles are extracted in this process.",
    ),
]
HomeOpt = Annotated[
    str,
    typer.Option("--home", help="What 我区/我县/我公司 mean (e.g. 通州区) in articles with no home of their own."),
]
SourcesOpt = Annotated[
    Path | None,
    typer.Option("--sources", help="Sources file: one 'source<TAB>home' per line (a JSONL 'home' field wins)."),
]


def _neo4j_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the Neo4j options; it is called with ``db``, the :class:`Neo4jConfig` they make."""
    sig = inspect.signature(command, eval_str=True)
    own = [p for name, p in sig.parameters.items() if name != "db"]

    @functools.wraps(command)
    def wrapper(*args: Any, uri: str | None, user: str | None, password: str | None, database: str, **kw: Any) -> None:
        command(*args, db=Neo4jConfig.from_env(uri, user, password, database=database), **kw)

    setattr(wrapper, "__signature__", sig.replace(parameters=[*own, *_NEO4J_OPTIONS]))  # noqa: B010 - typer reads it
    wrapper.__annotations__ = {p.name: p.annotation for p in (*own, *_NEO4J_OPTIONS)}
    return wrapper


def _loaded(res: WriteResult, cfg: Neo4jConfig) -> None:
    err.print(
        f"loaded {res.nodes} nodes, {res.relationships} relationships into {cfg.uri}"
        + (f" ({res.skipped_articles} articles already there)" if res.skipped_articles else "")
        + (f" ({res.replaced_articles} articles replaced)" if res.replaced_articles else "")
        + (f" ({res.deleted_nodes} nodes no longer referenced deleted)" if res.deleted_nodes else "")
        + (f" ({res.removed_articles} articles not in the graph removed)" if res.removed_articles else ""),
        highlight=False,
    )


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details to stderr.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")


@app.command()
@_neo4j_options
def build(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt, .md, .jsonl, .html).")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Output folder for graph.graphml, graph.json and CSV.")
    ] = Path("out"),
    model: ModelOpt = None,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Reuse OUTPUT's extractions of unchanged articles; edited ones are extracted again, "
            "deleted ones under ARTICLES dropped.",
        ),
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="With --update, also drop articles of files not under ARTICLES.")
    ] = False,
    workers: WorkersOpt = None,
    wait: Annotated[
        float, typer.Option("--wait", min=0, help="Seconds to wait while another run writes OUTPUT; 0: fail at once.")
    ] = 0.0,
    load: Annotated[bool, typer.Option("--load", "--neo4j", help="Also load the graph into Neo4j.")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per Neo4j transaction.")] = 1000,
    show_visits: Annotated[
        bool, typer.Option("--visits/--no-visits", help="Print the visits table at the end.")
    ] = False,
    home: HomeOpt = "",
    sources: SourcesOpt = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Build on Dask: local:N (N worker processes here) or tcp://HOST:PORT (a running scheduler).",
        ),
    ] = None,
    graphml: Annotated[
        bool | None,
        typer.Option(
            "--graphml/--no-graphml",
            help="With --cluster: write GraphML and graph.json also above 100,000 articles (or never).",
            show_default=False,
        ),
    ] = None,
    *,
    db: Neo4jConfig,
) -> None:
    """Build the graph from articles and write GraphML, JSON and CSV (and load Neo4j with --load)."""
    if cluster and (load or show_visits) and graphml is False:
        _fail("--load and --visits need the assembled graph; leave out --no-graphml")
    with (
        _errors(),
        _progress(None if cluster else "extracting", None if cluster else paths) as (
            progress,
            load_progress,
        ),
    ):
        res = api.build(
            paths,
            output,
            model=model,
            update=update,
            prune=prune,
            workers=workers,
            wait=wait,
            progress=None if cluster else progress,
            home=home,
            sources=sources,
            load=db if load else None,
            batch_size=batch_size,
            load_progress=load_progress,
            cluster=cluster,
            graphml=True if cluster and (load or show_visits) else graphml,
            status=_status() if cluster else None,
        )
    _report(res.report)
    for note in res.notes:
        err.print(note, highlight=False, markup=False)
    changes = f"{res.new_articles} extracted, {res.reused} reused" + (f", {res.removed} removed" if update else "")
    err.print(
        f"{res.articles} articles ({changes}) -> {res.nodes} nodes, {res.edges} edges in {res.out_dir}",
        highlight=False,
    )
    if res.loaded is not None:
        _loaded(res.loaded, db)
    if show_visits and res.graph is not None:
        render_visits(api.visits(res.graph), False)
    if not res.report.ok:
        raise typer.Exit(2)


def _status() -> Callable[[Any], None]:
    """Cluster progress on stderr: a line per finished partition, at most one every two seconds, and the last."""
    last = 0.0

    def show(st: Any) -> None:
        nonlocal last
        now = time.monotonic()
        final = st.listing_done and st.partitions_done == st.partitions_listed
        if final or now - last >= 2.0:
            last = now
            err.print(f"extracting: {st.line()}", highlight=False, markup=False)

    return show


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="JSON lines file, one object per article.")],
    model: ModelOpt = None,
    home: HomeOpt = "",
    sources: SourcesOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """Extract entities and relations per article as JSON lines."""
    with _errors(), _progress("extracting", paths) as (progress, _):
        n, report = api.extract(
            paths, out_file, model=model, progress=progress, home=home, sources=sources, workers=workers
        )
    _report(report)
    err.print(f"{n} articles -> {out_file}", highlight=False)
    if not report.ok:
        raise typer.Exit(2)


@app.command()
def ner(
    input_file: Annotated[
        Path | None, typer.Option("--input", "-i", help="One sentence per line; default: stdin.")
    ] = None,
    model: ModelOpt = None,
) -> None:
    """Tag sentences (one per line) and print one JSON object per line."""
    with _errors():
        if input_file is not None and not input_file.exists():
            raise FileNotFoundError(f"{input_file}: no such file")
        if input_file is not None and input_file.is_dir():  # a pipe (-i <(cmd)) or /dev/stdin is fine
            raise ValueError(f"{input_file}: a folder, not a file of sentences")
        fh = input_file.open(encoding="utf-8-sig") if input_file else sys.stdin
        try:
            for rec in api.ner(fh, model=model):
                sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        except UnicodeDecodeError as exc:
            raise ValueError(f"{input_file or 'stdin'}: not UTF-8 text ({exc.reason})") from exc
        finally:
            if input_file:
                fh.close()


@app.command()
@_neo4j_options
def visits(
    graph: Annotated[Path | None, typer.Argument(help="graph.graphml, graph.json or the build output folder.")] = None,
    person: Annotated[str | None, typer.Option("--person", help="Visitor name (or part of it).")] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Visited organization or place (or part of its name).")
    ] = None,
    since: Annotated[
        dt.datetime | None, typer.Option("--since", formats=["%Y-%m-%d"], help="Only visits on or after this day.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
    neo4j: Annotated[bool, typer.Option("--neo4j", help="Ask Neo4j instead of reading GRAPH.")] = False,
    within: Annotated[
        str | None,
        typer.Option(
            "--in", help="Only visits to targets in this place and its parts: a name, path or adcode (通州区, 110112)."
        ),
    ] = None,
    *,
    db: Neo4jConfig,
) -> None:
    """Who visited which organization or place, when, and where it is written."""
    day = since.date() if since else None
    with _errors():
        if neo4j:
            rows = api.visits_neo4j(db, person=person, org=org, since=day, within=within)
        elif graph is None:
            raise ValueError("give a GRAPH file or folder, or --neo4j")
        else:
            rows = api.visits(graph, person=person, org=org, since=day, within=within)
    render_visits(rows, as_json)


@app.command()
def view(
    graph: Annotated[Path, typer.Argument(help="graph.graphml, graph.json or the build output folder.")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("graph.html"),
    person: Annotated[str | None, typer.Option("--person", help="Draw around persons named so (or part).")] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Draw around organizations or places named so (or part).")
    ] = None,
    hops: Annotated[int, typer.Option("--hops", min=0, help="Neighbourhood radius in relationships.")] = 2,
    max_nodes: Annotated[int, typer.Option("--max-nodes", min=1, help="Draw at most this many nodes.")] = 300,
) -> None:
    """Write an interactive HTML page of the graph (offline, one file) with the visits table."""
    with _errors():
        res = api.view(graph, out_file, person=person, org=org, hops=hops, max_nodes=max_nodes)
    left = f", {res.left_out} left out" if res.left_out else ""
    err.print(f"{res.nodes} of {res.total_nodes} nodes drawn{left}; {res.visits} visits", highlight=False)
    sys.stdout.write(f"{res.path}\n")


@app.command()
@_neo4j_options
def load(
    graph: Annotated[Path, typer.Argument(help="graph.graphml, graph.json or the build output folder.")],
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = 1000,
    bulk: Annotated[
        bool, typer.Option("--bulk", help="First load: neo4j-admin import into an empty database (server stopped).")
    ] = False,
    neo4j_home: Annotated[
        Path, typer.Option("--neo4j-home", envvar="NEO4J_HOME", help="Server folder for --bulk (neo4j/server.sh's).")
    ] = Path(".neo4j"),
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Also delete the articles GRAPH does not hold (deleted inputs), with their facts: "
            "the database then holds GRAPH's articles only.",
        ),
    ] = False,
    *,
    db: Neo4jConfig,
) -> None:
    """Load a built graph into Neo4j (idempotent: loading twice changes nothing; an edited article is replaced).

    Articles of earlier loads that GRAPH does not hold stay, unless --prune.
    """
    if bulk:
        with _errors():
            try:
                files = api.bulk_load(graph, neo4j_home, database=db.database)
            except RuntimeError as exc:
                raise ValueError(str(exc)) from exc
        err.print(
            f"imported {len(files.nodes)} node and {len(files.relationships)} relationship files into {db.database};"
            " start the server and run `newskg load` once to create the constraints",
            highlight=False,
        )
        return
    stays = (
        "the articles loaded so far stay in the database, each whole (old or new); run the same load again to finish"
    )
    with _errors(stays), _progress(None) as (_, progress):
        res = api.load(graph, db, batch_size=batch_size, progress=progress, prune=prune)
    _loaded(res, db)


@app.command()
def export(
    graph: Annotated[Path, typer.Argument(help="graph.graphml, graph.json or the build output folder.")],
    neo4j_import: Annotated[
        Path, typer.Option("--neo4j-import", help="Folder for neo4j-admin database import CSV files.")
    ],
) -> None:
    """Export a built graph for `neo4j-admin database import full` (typed CSV headers)."""
    with _errors():
        files = api.export_neo4j_import(graph, neo4j_import)
    sys.stdout.write(
        "neo4j-admin database import full neo4j --overwrite-destination=true --array-delimiter=U+001F "
        "--multiline-fields=true " + " ".join(files.arguments()) + "\n"
    )


def _param(text: str) -> tuple[str, object]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise ValueError(f"--param expects key=value, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value  # plain strings need no JSON quotes


QUERY_LIMIT = 1000


def _cell(v: object) -> str:
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)


@app.command()
@_neo4j_options
def query(
    cypher: Annotated[str, typer.Argument(help="Read-only Cypher, e.g. 'MATCH (p:Person) RETURN p.name LIMIT 5'.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Query parameter key=value (value may be JSON).")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Print at most this many rows; 0: all of them.")
    ] = QUERY_LIMIT,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
    *,
    db: Neo4jConfig,
) -> None:
    """Run read-only Cypher against Neo4j and print the rows as they arrive (administration commands are refused)."""
    shown, more = 0, False
    with _errors("the query was cancelled on the server"):
        params = dict(_param(p) for p in param or [])
        with api.query_rows(cypher, params, db) as rows:
            table: Table | None = None
            for row in rows:
                if limit and shown >= limit:
                    more = True  # one row past the limit says that more exist; the rest is never fetched
                    break
                shown += 1
                if as_json:
                    sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                    continue
                if table is None:
                    table = Table(*row, title=None, show_header=shown == 1)
                table.add_row(*(_cell(row[c]) for c in row))
                if table.row_count >= 200:  # printed in slices, so memory stays bounded
                    out.print(table)
                    table = Table(*row, show_header=False)
            if table is not None and table.row_count:
                out.print(table)
    note = f"{shown} rows" + (
        f" (limit {limit} reached: more rows exist; raise it with --limit N, or --limit 0 for all)"
        if more
        else f" (limit {limit})"
        if limit
        else ""
    )
    if as_json:
        err.print(note, highlight=False)
    else:
        out.print(note, highlight=False)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render_visits(rows: list[Visit], as_json: bool) -> None:
    """Print visit rows as a table or JSON lines."""
    if as_json:
        for r in rows:
            sys.stdout.write(r.model_dump_json() + "\n")
        return
    reports = sum(r.reports for r in rows)
    table = Table(title=f"Visits ({len(rows)}, from {reports} reports)", show_lines=False)
    for col in ("date", "visitor", "title", "visited", "kind", "reports", "article", "evidence"):
        table.add_column(col, overflow="fold", no_wrap=col in ("date", "kind"))
    for r in rows:
        table.add_row(
            r.date or "-",
            r.visitor,
            "、".join(r.visitor_titles),
            r.target,
            r.target_kind or r.target_label.lower(),
            f"{r.reports} ({r.num_sources} src)",
            _short(r.article_title, 24),
            _short(r.evidence, 60),
        )
    out.print(table)


@app.command("eval")
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (.json/.jsonl) or folders of them.")],
    pred: Annotated[
        Path | None,
        typer.Option("--pred", help="A `newskg extract` JSONL file; default: extract the gold files' sources now."),
    ] = None,
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="The figures as one JSON object.")] = False,
    show_errors: Annotated[
        bool, typer.Option("--errors", help="Also list each missed and spurious fact, wrong day or title.")
    ] = False,
) -> None:
    """Score extraction against gold files: P/R/F1 per entity type, VISITED, dates and titles."""
    with _errors():
        res = api.evaluate(gold, pred=pred, model=model)
    for name in res.unpaired:
        err.print(f"no extraction for gold article {name}", highlight=False, markup=False)
    if as_json:
        sys.stdout.write(json.dumps(res.as_dict(), ensure_ascii=False) + "\n")
    else:
        table = Table(title=f"{res.articles} article(s)")
        for col in ("what", "P", "R", "F1", "gold", "pred", "found"):
            table.add_column(col, justify="left" if col == "what" else "right")
        rows = [
            *res.entities.items(),
            ("VISITED", res.visits),
            *((f"  visitor: {kind}", sc) for kind, sc in res.visits_by_kind.items()),
        ]
        for name, sc in rows:
            f = f"{sc.precision:.3f}", f"{sc.recall:.3f}", f"{sc.f1:.3f}"
            table.add_row(name, *f, str(sc.gold), str(sc.pred), str(sc.tp))
        out.print(table)
        for label, ra in (
            ("visit days right (of found visits)", res.visit_dates),
            ("titles carried (of found persons with a title)", res.titles),
            ("publication dates right", res.publication_dates),
        ):
            if ra.total:
                out.print(f"{label}: {ra.value:.3f} ({ra.right}/{ra.total})", highlight=False)
    if show_errors:
        for line in res.errors:
            err.print(line, highlight=False, markup=False)
    if res.unpaired:
        raise typer.Exit(2)


@app.command("eval-links")
def eval_links(
    gold: Annotated[Path, typer.Argument(help="The linking gold folder (news-dev.places.jsonl, .titles.jsonl).")],
    articles: Annotated[
        list[Path] | None, typer.Option("--articles", help="The gold's articles, built now (default: --graph).")
    ] = None,
    graph: Annotated[Path | None, typer.Option("--graph", help="A built graph or build folder to score.")] = None,
    model: ModelOpt = None,
    home: Annotated[str, typer.Option("--home", help="What 我区/我县 mean in articles with no home.")] = "",
    sources: Annotated[Path | None, typer.Option("--sources", help="A sources file: source<TAB>home.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The figures as one JSON object.")] = False,
    show_errors: Annotated[bool, typer.Option("--errors", help="Also list each wrong or missing link.")] = False,
    held_out: Annotated[
        str, typer.Option("--held-out", help="Groups not tuned on, summed apart from the others (e.g. e).")
    ] = "e",
) -> None:
    """Score place links and officials' jurisdictions per group of articles (linking P/R, title accuracy)."""
    with _errors():
        res = api.evaluate_links(gold, graph=graph, articles=articles or [], model=model, home=home, sources=sources)
    groups = {**res.groups}
    kept = [g for g in res.groups if g not in held_out]
    if len(groups) > 1:
        if kept and len(kept) < len(groups):
            groups[f"tuned ({','.join(kept)})"] = res.total(kept)
            groups[f"held out ({held_out})"] = res.total(g for g in res.groups if g in held_out)
        groups["all"] = res.total(res.groups)
    if as_json:
        sys.stdout.write(json.dumps({k: v.as_dict() for k, v in groups.items()}, ensure_ascii=False) + "\n")
    else:
        table = Table(title="Place links and jurisdictions, per group")
        cols = ("group", "P", "R", "R found", "gold", "found", "linked", "right", "titles", "title acc", "none given")
        for col in cols:
            table.add_column(col, justify="left" if col == "group" else "right")
        for name, sc in groups.items():
            table.add_row(
                name,
                f"{sc.precision:.3f}",
                f"{sc.recall:.3f}",
                f"{sc.recall_found:.3f}",
                str(sc.gold_linkable),
                str(sc.found),
                str(sc.linked),
                str(sc.right),
                str(sc.titles),
                f"{sc.title_accuracy:.3f} ({sc.titles_right})",
                f"{sc.titles_given}/{sc.titles_none}",
            )
        out.print(table)
    if show_errors:
        for line in res.errors:
            err.print(line, highlight=False, markup=False)
    for name in res.unpaired:
        err.print(f"no article in the graph for gold file {name}", highlight=False, markup=False)


@app.command("train-ner")
def train_ner(
    data: Annotated[
        Path,
        typer.Option(
            "--data", help="Folder with any of cluener/, resume/, msra_train/, peoples_daily/, msra_val/ (README)."
        ),
    ] = Path("../shared/data/ner"),
    out_dir: Annotated[Path, typer.Option("--out", help="Where to save the trained HanLP model.")] = Path(
        "runs/ner_zh"
    ),
    epochs: Annotated[int, typer.Option(min=1, help="Training epochs.")] = TrainConfig.epochs,
    seed: Annotated[int, typer.Option(help="Random seed.")] = TrainConfig.seed,
    limit: Annotated[
        int | None, typer.Option(help="Train on at most this many sentences (smoke tests).")
    ] = TrainConfig.limit,
    hidden: Annotated[int, typer.Option(min=8, help="BiLSTM hidden size.")] = TrainConfig.rnn_hidden,
    bigram_dim: Annotated[
        int, typer.Option(min=0, help="Character-bigram embedding size; 0: characters only.")
    ] = TrainConfig.bigram_dim,
    news_weight: Annotated[
        int, typer.Option(min=1, help="Repeat the news corpora this often in training.")
    ] = TrainConfig.news_weight,
    domain: Annotated[bool, typer.Option(help="Put a corpus token before each sentence.")] = TrainConfig.domain,
    lexicon: Annotated[
        bool,
        typer.Option(
            help="Embed each character's BMES position in division, town and organization-suffix words "
            "(lexicon features; off: the plain model)."
        ),
    ] = TrainConfig.lexicon,
    evaluate: Annotated[bool, typer.Option(help="Score the saved model on the held-out test splits.")] = True,
    resume: Annotated[
        bool, typer.Option(help="Continue an interrupted run from the checkpoint in --out.")
    ] = TrainConfig.resume,
) -> None:
    """Train the offline NER model with HanLP's trainer, then evaluate it."""
    cfg = TrainConfig(
        epochs=epochs,
        seed=seed,
        limit=limit,
        rnn_hidden=hidden,
        bigram_dim=bigram_dim,
        news_weight=news_weight,
        domain=domain,
        lexicon=lexicon,
        resume=resume,
    )
    with _errors():
        missing = [c for c in CORPORA if not (data / c).is_dir()]
        if data.is_dir() and missing and len(missing) < len(CORPORA):
            err.print(f"{data}: no {', '.join(c + '/' for c in missing)}; training on the others", highlight=False)
        res = api.train_ner(data, out_dir, cfg, evaluate=evaluate)
    trained = res.result
    err.print(f"trained in {trained.seconds:.0f}s on {trained.sizes}; saved to {trained.model_dir}", highlight=False)
    if res.scores is not None:
        sys.stdout.write(json.dumps(res.scores, ensure_ascii=False, indent=1) + "\n")


def main() -> None:
    """Console-script entry point."""
    with contextlib.suppress(ValueError):  # off the main thread: signals are not ours
        signal.signal(signal.SIGTERM, _terminate)
    _PROCESS["own"] = True
    try:
        app()
    finally:
        _ended()


if signal.getsignal(signal.SIGINT) is _interrupted_while_starting:  # imported: Ctrl-C is KeyboardInterrupt again
    signal.signal(signal.SIGINT, _STARTING)

if __name__ == "__main__":
    main()
