"""The ``newskg`` command line: thin wrappers over :mod:`newskg.api`."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from newskg import api
from newskg.cypher.loader import Neo4jConfig, Neo4jError
from newskg.extract.backend import ModelLoadError
from newskg.extract.reader import ReadReport
from newskg.model import Visit

app = typer.Typer(
    help="Build a knowledge graph of people, organizations and places from Chinese news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)
out = Console(width=None if sys.stdout.isatty() else 160)

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
    err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one line and an exit code, never a traceback."""
    try:
        yield
    except (ModelLoadError, api.OutputError, Neo4jError, ValueError, FileNotFoundError) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted; no partial output was left behind", 130)


def _report(report: ReadReport) -> None:
    for e in report.errors:
        err.print(f"skipped {e.path}: {e.reason}", highlight=False, markup=False)
    if report.duplicates:
        err.print(f"{report.duplicates} duplicate article(s) counted once", highlight=False)


@contextlib.contextmanager
def _progress(what: str, paths: list[Path] | None = None) -> Iterator[api.Progress]:
    """A progress bar on stderr (terminals only); counting ``paths`` first gives it an ETA."""
    bar = Progress(
        TextColumn(f"{what}"),
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
    task = bar.add_task(what, total=total, rate="-")
    with bar:

        def update(n: int) -> None:
            elapsed = bar.tasks[task].elapsed or 0.0
            bar.update(task, completed=n, rate=f"{n / elapsed:.1f}" if elapsed else "-")

        yield update


UriOpt = Annotated[
    str | None, typer.Option("--uri", envvar="NEO4J_URI", help="Bolt URI [default: bolt://localhost:7687].")
]
UserOpt = Annotated[str | None, typer.Option("--user", envvar="NEO4J_USER", help="Neo4j user [default: neo4j].")]
PasswordOpt = Annotated[
    str | None, typer.Option("--password", envvar="NEO4J_PASSWORD", help="Neo4j password [default: newskg-test].")
]
DatabaseOpt = Annotated[str, typer.Option("--database", help="Neo4j database name.")]


def _load(graph: object, cfg: Neo4jConfig, batch_size: int) -> None:
    bar = Progress(
        TextColumn("loading"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = bar.add_task("load", total=None)
    with bar:
        res = api.load(graph, cfg, batch_size=batch_size, progress=lambda d, t: bar.update(task, completed=d, total=t))  # type: ignore[arg-type]
    err.print(
        f"loaded {res.nodes} nodes, {res.relationships} relationships into {cfg.uri}"
        + (f" ({res.skipped_articles} articles already there)" if res.skipped_articles else ""),
        highlight=False,
    )


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details to stderr.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (.txt, .md, .jsonl, .html).")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Output folder for graph.graphml, graph.json and CSV.")
    ] = Path("out"),
    model: ModelOpt = None,
    update: Annotated[bool, typer.Option("--update", help="Add new articles to the graph already in OUTPUT.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extraction processes.")] = 1,
    load: Annotated[bool, typer.Option("--load", "--neo4j", help="Also load the graph into Neo4j.")] = False,
    uri: UriOpt = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    database: DatabaseOpt = "neo4j",
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per Neo4j transaction.")] = 1000,
    show_visits: Annotated[
        bool, typer.Option("--visits/--no-visits", help="Print the visits table at the end.")
    ] = False,
) -> None:
    """Build the graph from articles and write GraphML, JSON and CSV (and load Neo4j with --load)."""
    with _errors(), _progress("extracting", paths) as progress:
        res = api.build(paths, output, model=model, update=update, workers=workers, progress=progress)
    _report(res.report)
    err.print(
        f"{res.articles} articles ({res.new_articles} new) -> {res.nodes} nodes, {res.edges} edges in {res.out_dir}",
        highlight=False,
    )
    if load:
        with _errors():
            _load(res.graph, Neo4jConfig.from_env(uri, user, password, database=database), batch_size)
    if show_visits:
        render_visits(api.visits(res.graph), False)  # type: ignore[arg-type]
    if res.report.errors:
        raise typer.Exit(2)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    out_file: Annotated[Path, typer.Option("--out", "-o", help="JSON lines file, one object per article.")],
    model: ModelOpt = None,
) -> None:
    """Extract entities and relations per article as JSON lines."""
    with _errors(), _progress("extracting", paths) as progress:
        n, report = api.extract(paths, out_file, model=model, progress=progress)
    _report(report)
    err.print(f"{n} articles -> {out_file}", highlight=False)
    if report.errors:
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
        if input_file is not None and not input_file.is_file():
            raise FileNotFoundError(f"{input_file}: no such file")
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
    uri: UriOpt = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    database: DatabaseOpt = "neo4j",
) -> None:
    """Who visited which organization or place, when, and where it is written."""
    day = since.date() if since else None
    with _errors():
        if neo4j:
            cfg = Neo4jConfig.from_env(uri, user, password, database=database)
            rows = api.visits_neo4j(cfg, person=person, org=org, since=day)
        elif graph is None:
            raise ValueError("give a GRAPH file or folder, or --neo4j")
        else:
            rows = api.visits(graph, person=person, org=org, since=day)
    render_visits(rows, as_json)


@app.command()
def load(
    graph: Annotated[Path, typer.Argument(help="graph.graphml, graph.json or the build output folder.")],
    uri: UriOpt = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    database: DatabaseOpt = "neo4j",
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = 1000,
    bulk: Annotated[
        bool, typer.Option("--bulk", help="First load: neo4j-admin import into an empty database (server stopped).")
    ] = False,
    neo4j_home: Annotated[
        Path, typer.Option("--neo4j-home", envvar="NEO4J_HOME", help="Server folder for --bulk (neo4j/server.sh's).")
    ] = Path(".neo4j"),
) -> None:
    """Load a built graph into Neo4j (idempotent: loading twice changes nothing; an edited article is replaced)."""
    with _errors():
        if bulk:
            try:
                files = api.bulk_load(graph, neo4j_home, database=database)
            except RuntimeError as exc:
                raise ValueError(str(exc)) from exc
            err.print(
                f"imported {len(files.nodes)} node and {len(files.relationships)} relationship files into {database};"
                " start the server and run `newskg load` once to create the constraints",
                highlight=False,
            )
            return
        _load(graph, Neo4jConfig.from_env(uri, user, password, database=database), batch_size)


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
def query(
    cypher: Annotated[str, typer.Argument(help="Read-only Cypher, e.g. 'MATCH (p:Person) RETURN p.name LIMIT 5'.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Query parameter key=value (value may be JSON).")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Print at most this many rows; 0: all of them.")
    ] = QUERY_LIMIT,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
    uri: UriOpt = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    database: DatabaseOpt = "neo4j",
) -> None:
    """Run read-only Cypher against Neo4j and print the rows as they arrive (administration commands are refused)."""
    shown, more = 0, False
    with _errors():
        params = dict(_param(p) for p in param or [])
        cfg = Neo4jConfig.from_env(uri, user, password, database=database)
        with api.query_rows(cypher, params, cfg) as rows:
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
    table = Table(title=f"Visits ({len(rows)})", show_lines=False)
    for col in ("date", "visitor", "title", "visited", "kind", "article", "evidence"):
        table.add_column(col, overflow="fold", no_wrap=col in ("date", "kind"))
    for r in rows:
        table.add_row(
            r.date or "-",
            r.visitor,
            "、".join(r.visitor_titles),
            r.target,
            r.target_kind or r.target_label.lower(),
            _short(r.article_title, 24),
            _short(r.evidence, 60),
        )
    out.print(table)


@app.command("train-ner")
def train_ner(
    data: Annotated[
        Path, typer.Option("--data", help="Folder with cluener/, resume/, peoples_daily/, msra_val/.")
    ] = Path("../shared/data/ner"),
    out_dir: Annotated[Path, typer.Option("--out", help="Where to save the trained HanLP model.")] = Path(
        "runs/ner_zh"
    ),
    epochs: Annotated[int, typer.Option(min=1, help="Training epochs.")] = 18,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
    limit: Annotated[int | None, typer.Option(help="Train on at most this many sentences (smoke tests).")] = None,
    hidden: Annotated[int, typer.Option(min=8, help="BiLSTM hidden size.")] = 128,
    bigram_dim: Annotated[int, typer.Option(min=0, help="Character-bigram embedding size; 0: characters only.")] = 50,
    news_weight: Annotated[int, typer.Option(min=1, help="Repeat the news corpora this often in training.")] = 4,
    domain: Annotated[bool, typer.Option(help="Put a corpus token before each sentence.")] = False,
    evaluate: Annotated[bool, typer.Option(help="Score the saved model on the held-out test splits.")] = True,
) -> None:
    """Train the offline NER model with HanLP's trainer, then evaluate it."""
    from newskg.extract.training import TrainConfig, evaluate_model
    from newskg.extract.training import train_ner as _train

    with _errors():
        if not data.is_dir():
            raise FileNotFoundError(f"{data}: no such data folder")
        cfg = TrainConfig(
            epochs=epochs,
            seed=seed,
            limit=limit,
            rnn_hidden=hidden,
            bigram_dim=bigram_dim,
            news_weight=news_weight,
            domain=domain,
        )
        res = _train(data, out_dir, cfg)
        err.print(f"trained in {res.seconds:.0f}s on {res.sizes}; saved to {res.model_dir}", highlight=False)
        if evaluate:
            scores = evaluate_model(out_dir, data, limit=limit)
            sys.stdout.write(json.dumps(scores, ensure_ascii=False, indent=1) + "\n")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
