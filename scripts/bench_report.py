"""The benchmark's data and its Markdown: timings, rows, the comparison table and the targets."""

from __future__ import annotations

from dataclasses import dataclass

PEERS = ("calibre", "pandoc")
# bookbinder's other ways to run: in one fresh process with no cache (BOOKBINDER_SERVER=off), and on
# a warm build server for a book whose cover is not cached yet (seeds only).
VARIANTS = ("bookbinder, one process", "bookbinder, new cover")


@dataclass(frozen=True)
class Timing:
    """Median wall time of ``runs`` runs and the peak RSS seen, or why there is none."""

    seconds: float | None
    runs: int = 0
    peak_mb: float | None = None
    note: str = ""
    cpu: float | None = None  # user + system seconds: what a busy shared machine cannot inflate

    def cell(self, usual_runs: int = 0) -> str:
        """`1.23 s`, with the run count when it differs from the usual, or the note."""
        if self.seconds is None:
            return self.note
        details = [f"{self.runs} run{'s' if self.runs != 1 else ''}"] if self.runs != usual_runs else []
        details += [self.note] if self.note else []
        return f"{self.seconds:.2f} s" + (f" ({', '.join(details)})" if details else "")


@dataclass(frozen=True)
class Row:
    """One input (or batch) converted to one format by every tool."""

    case: str
    words: int
    fmt: str
    timings: dict[str, Timing]
    kind: str = "corpus"  # "seed", "corpus" or "batch"


@dataclass(frozen=True)
class Settings:
    """What the run did, for the notes under the table."""

    quick: bool
    runs: int
    slow_runs: int
    slow_run: float
    batch: int


def ratio(peer: Timing, base: Timing) -> str:
    """How many times slower the peer is, by wall clock and by CPU time (above 1: we are faster)."""
    if peer.seconds is None or base.seconds is None or base.seconds == 0:
        return "-"
    wall = f"{peer.seconds / base.seconds:.1f}×"
    if peer.cpu is None or not base.cpu:
        return wall
    return f"{wall} (CPU {peer.cpu / base.cpu:.1f}×)"


def table(rows: list[Row], settings: Settings) -> str:
    """Our time, peak memory, and each peer's time and ratio, one line per input and format."""
    head = [
        "input",
        "words",
        "to",
        "bookbinder",
        "CPU s",
        "peak MB",
        "one process",
        "new cover",
        *[c for p in PEERS for c in (p, f"{p} ÷ ours")],
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        base = row.timings["bookbinder"]
        peak = f"{base.peak_mb:.0f}" if base.peak_mb else "-"
        cpu = f"{base.cpu:.2f}" if base.cpu is not None else "-"
        cells = [row.case, f"{row.words:,}", row.fmt, base.cell(settings.runs), cpu, peak]
        cells += [row.timings.get(v, Timing(None, note="-")).cell(settings.runs) for v in VARIANTS]
        for peer in PEERS:
            timing = row.timings.get(peer, Timing(None, note="-"))
            cells += [timing.cell(settings.runs), ratio(timing, base)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def notes(settings: Settings, startup: dict[str, Timing]) -> str:
    """How to read the table."""
    lines = [
        f"- Cells are the median of {settings.runs} runs after one uncounted warm-up run; a tool that "
        f"takes more than {settings.slow_run:.0f} s on an input gets {settings.slow_runs} counted run(s) "
        "(one past a minute) "
        "and no warm-up (the count is shown). Wall clock from process start to files on disk.",
        "- bookbinder runs as a user's does: a warm build server (started before the counted runs) "
        "and the cover cache, both on by default; CPU s adds the server child's own report to the "
        "client's, peak MB is the client's. *one process*: `BOOKBINDER_SERVER=off` and no cover "
        "cache, every import paid. *new cover*: the warm server, the cover not yet cached (a book "
        "it has not built before). Batches run in one process with no cover cache.",
        "- CPU s: user + system time of bookbinder (with its workers), which load from other processes "
        "does not inflate. Peak MB: the largest single process (ru_maxrss); workers are not summed.",
        "- Ratios above 1 mean the peer is slower than bookbinder; the CPU ratio compares user + system "
        "time, which is the fairer measure when other work shares the machine.",
        "- calibre: `ebook-convert IN OUT` (offscreen Qt). pandoc: `pandoc -f commonmark IN -o OUT` "
        "(its default markdown reader is ~35× slower on these texts), "
        "PDF with `--pdf-engine=wkhtmltopdf`.",
        "- Batch: bookbinder builds the whole folder in one command. Peers convert a sample with as "
        "many commands at once as there are CPUs (as `make -j` would), both formats per book, and the "
        "time is scaled to the whole batch.",
        "- Start-up: " + ", ".join(f"`{k}` {v.cell(settings.runs)}" for k, v in startup.items()) + ".",
    ]
    return "\n".join(lines)


def _slowest(rows: list[Row], case: str, fmt: str, tool: str = "bookbinder") -> float | None:
    """The slowest time of ``tool`` over the rows of ``case`` (a file name or a kind) in ``fmt``."""
    found = [r.timings[tool].seconds for r in rows if case in (r.case, r.kind) and r.fmt == fmt
             and tool in r.timings]
    return None if not found or None in found else max(v for v in found if v is not None)


def _pandoc_ratio(rows: list[Row], fmt: str) -> tuple[float | None, float | None]:
    """(our time, pandoc's) on the seed where we compare worst: the issue's "no slower than pandoc"."""
    pairs: list[tuple[float, float]] = []
    for row in rows:
        if row.kind == "seed" and row.fmt == fmt and "pandoc" in row.timings:
            ours, theirs = row.timings["bookbinder"].seconds, row.timings["pandoc"].seconds
            if ours is not None and theirs:
                pairs.append((ours, theirs))
    if not pairs:
        return None, None
    return max(pairs, key=lambda pair: pair[0] / pair[1])


def targets(rows: list[Row], batch: list[Row], settings: Settings, startup: dict[str, Timing]) -> str:
    """The issues' targets, met or not (the batch target scales with the batch size)."""

    def batch_seconds(marker: str) -> float | None:
        found = [r.timings["bookbinder"].seconds for r in batch if marker in r.case]
        return found[-1] if found else None

    every_cpu = [r for r in batch if "--jobs" in r.case]  # --jobs 1 first, then every CPU
    whole = every_cpu[-1].timings["bookbinder"].seconds if every_cpu else None
    dask, rerun = batch_seconds("--executor dask"), batch_seconds("rerun")
    ours, pandoc = _pandoc_ratio(rows, "epub")
    version: float | None = startup.get("bookbinder --version", Timing(None)).seconds
    checks: list[tuple[str, float | None, float | None]] = [
        ("`bookbinder --version`", version, 0.06),
        (
            f"a seed -> EPUB, no slower than pandoc in this run (worst seed; pandoc "
            f"{'-' if pandoc is None else f'{pandoc:.3f} s'})",
            ours,
            None if pandoc is None else pandoc * 1.0005,  # equal to the millisecond counts as met
        ),
        ("a seed -> PDF (slowest seed)", _slowest(rows, "seed", "pdf"), 0.25),
        (f"(for reference) a seed -> EPUB, {VARIANTS[1]}", _slowest(rows, "seed", "epub", VARIANTS[1]),
         None),
        (f"(for reference) a seed -> EPUB, {VARIANTS[0]}", _slowest(rows, "seed", "epub", VARIANTS[0]),
         None),
        (f"(for reference) a seed -> PDF, {VARIANTS[0]}", _slowest(rows, "seed", "pdf", VARIANTS[0]), None),
        ("War and Peace -> EPUB", _slowest(rows, "war-and-peace_2600-0.txt", "epub"), 1.5),
        ("War and Peace -> PDF", _slowest(rows, "war-and-peace_2600-0.txt", "pdf"), 10.0),
    ]
    if settings.batch:
        limit = 60.0 * settings.batch / 1000
        checks.append((f"{settings.batch} manuscripts -> EPUB + PDF, all CPUs", whole, limit))
        checks.append((f"{settings.batch} manuscripts, rerun with nothing changed", rerun, 3.0))
        if dask is not None and whole is not None:
            within = round(whole * 1.15, 1)  # within 15 % of the process executor
            checks.append(("the Dask executor (LocalCluster), same books", dask, within))
    lines = ["| target | limit | measured | met |", "|---|---|---|---|"]
    for name, value, bound in checks:
        shown = "-" if value is None else f"{value:.3f} s" if value < 1 else f"{value:.2f} s"
        met = "-" if value is None or bound is None else "yes" if value < bound else "**no**"
        lines.append(f"| {name} | {'-' if bound is None else f'< {bound:.3g} s'} | {shown} | {met} |")
    return "\n".join(lines)


README_BEGIN = "<!-- bench:begin (scripts/bench.py writes this table) -->"
README_END = "<!-- bench:end -->"


def readme_table(rows: list[Row], batch: list[Row], startup: dict[str, Timing], stamp: str) -> str:
    """The README's performance table: the headline rows of this run, peers beside us."""

    def cell(row: Row | None, tool: str) -> str:
        timing = row.timings.get(tool) if row else None
        if timing is None or timing.seconds is None:
            return (timing.note if timing else "") or "-"
        return f"{timing.seconds:.3f} s" if timing.seconds < 1 else f"{timing.seconds:.2f} s"

    def find(case: str, fmt: str) -> Row | None:
        return next((r for r in [*rows, *batch] if case in r.case and r.fmt == fmt), None)

    seeds = [r for r in rows if r.kind == "seed"]
    picks: list[tuple[str, Row | None]] = []
    for fmt in ("epub", "pdf"):
        slowest = max((r for r in seeds if r.fmt == fmt), default=None,
                      key=lambda r: r.timings["bookbinder"].seconds or 0.0)
        picks.append((f"a seed ({slowest.words:,} words) -> {fmt.upper()}" if slowest else f"a seed -> {fmt}",
                      slowest))
    for name, case in (("Pride and Prejudice", "pride-and-prejudice"), ("War and Peace", "war-and-peace")):
        for fmt in ("epub", "pdf"):
            picks.append((f"{name} -> {fmt.upper()}", find(case, fmt)))
    picks += [(r.case + " -> EPUB + PDF", r) for r in batch]
    lines = [
        f"Measured by `make bench` ({stamp}); `bench/results.md` has every row.",
        "",
        "| job | bookbinder | calibre `ebook-convert` | pandoc |",
        "|---|---|---|---|",
    ]
    for command in ("python -c pass", "bookbinder --version"):
        if command in startup:
            timing = startup[command]
            lines.append(f"| `{command}` (start-up) | {timing.cell(timing.runs)} | - | - |")
    for label, row in picks:
        ours, calibre, pandoc = (cell(row, tool) for tool in ("bookbinder", *PEERS))
        lines.append(f"| {label} | {ours} | {calibre} | {pandoc} |")
        if row is not None and row.kind == "seed":  # the same seed, new to the cache; in one process
            lines.append(f"| … a book whose cover is not cached yet | {cell(row, VARIANTS[1])} | - | - |")
            lines.append(f"| … in one fresh process (`BOOKBINDER_SERVER=off`, no cover cache) | "
                         f"{cell(row, VARIANTS[0])} | - | - |")
    return "\n".join(lines)


def replace_readme_table(readme: str, table_text: str) -> str:
    """``readme`` with the text between the bench markers replaced (unchanged when they are absent)."""
    if README_BEGIN not in readme or README_END not in readme:
        return readme
    head, rest = readme.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    return f"{head}{README_BEGIN}\n{table_text}\n{README_END}{tail}"
