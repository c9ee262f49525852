"""One self-contained HTML page for an eval report: the run matrix, then every fixture with its spans.

The page is opened from CI artefacts and mailed around, so it carries its own CSS and a few lines of JS
and links to nothing. Article text and every model output are untrusted: all of it goes through
``html.escape``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..schema import Brief, Category
from .fixtures import Fixture, GoldItem
from .report import EvalReport, FixtureResult, MatchRecord, RunResult

_CATS = [c.value for c in Category]
_CAT_SHORT = {"proposals": "prop", "exchanges": "exch", "military_events": "event"}

_CSS = """
:root { --gold: #ffd966; --pred: #1f6feb; --bad: #c0392b; --ok: #1e8449; --muted: #6b7280; }
body { font: 14px/1.45 system-ui, -apple-system, Segoe UI, Roboto, sans-serif; margin: 1.5rem auto;
       max-width: 1400px; padding: 0 1rem; color: #111; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 7px; text-align: right; vertical-align: top; }
th { background: #f6f8fa; } td.l, th.l { text-align: left; }
tr.floor td { background: #f3f4f6; font-style: italic; }
.badge { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 8px; font-style: normal;
         background: #6b7280; color: #fff; margin-left: 4px; }
.best { font-weight: 700; }
.muted { color: var(--muted); }
.err { color: var(--bad); font-weight: 600; white-space: pre-wrap; }
details { border: 1px solid #d0d7de; border-radius: 6px; padding: .3rem .7rem; margin: .5rem 0; }
details > summary { cursor: pointer; font-weight: 600; }
details details { background: #fcfcfd; }
.article { white-space: pre-wrap; font: 13px/1.6 ui-serif, Georgia, serif; border-left: 3px solid #d0d7de;
           padding: .3rem .8rem; max-height: 40rem; overflow: auto; }
mark { background: none; color: inherit; padding: 0; }
mark.g { background: var(--gold); }
mark.p { text-decoration: underline 3px var(--pred); text-underline-offset: 3px;
         text-decoration-skip-ink: none; }
mark.g.p { background: var(--gold); outline: 1px dotted var(--pred); }
.legend span { margin-right: 1.2rem; }
.items { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.items table { width: 100%; }
.st-strict { color: var(--ok); font-weight: 600; } .st-detect { color: #b9770e; font-weight: 600; }
.st-miss, .st-fp { color: var(--bad); font-weight: 600; } .st-opt { color: var(--muted); }
.toolbar button { margin-right: .5rem; }
"""

# The only script: open or close every <details> at once, for a quick skim or a print.
_JS = """
function setAll(open) { document.querySelectorAll('details').forEach(d => { d.open = open; }); }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _is_floor(run: RunResult) -> bool:
    return run.strategy == "heuristic" or run.model == "none"


def _run_name(run: RunResult) -> str:
    badge = '<span class="badge" title="no LLM: cue words and gazetteer only">floor · no LLM</span>'
    return _e(run.label) + (badge if _is_floor(run) else "")


# --------------------------------------------------------------------------- spans


@dataclass
class _Span:
    start: int
    end: int
    label: str


@dataclass
class _Segment:
    start: int
    end: int
    gold: list[str] = field(default_factory=list)
    pred: list[str] = field(default_factory=list)


def _clamp(spans: Iterable[_Span], n: int) -> list[_Span]:
    # Offsets in a stored brief may come from another version of the text; never index past it.
    out = []
    for s in spans:
        a, b = max(0, s.start), min(n, s.end)
        if a < b:
            out.append(_Span(a, b, s.label))
    return out


def segments(text: str, gold: list[_Span], pred: list[_Span]) -> list[_Segment]:
    """Cut the text at every span endpoint, so that overlapping and nested spans each keep their own cover."""
    n = len(text)
    gold, pred = _clamp(gold, n), _clamp(pred, n)
    cuts = sorted({0, n, *(s.start for s in gold + pred), *(s.end for s in gold + pred)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        seg = _Segment(a, b)
        seg.gold = [s.label for s in gold if s.start <= a and b <= s.end]
        seg.pred = [s.label for s in pred if s.start <= a and b <= s.end]
        out.append(seg)
    return out


def highlight(text: str, gold: list[_Span], pred: list[_Span]) -> str:
    parts = []
    for seg in segments(text, gold, pred):
        chunk = _e(text[seg.start : seg.end])
        if not seg.gold and not seg.pred:
            parts.append(chunk)
            continue
        cls = " ".join(c for c, on in (("g", seg.gold), ("p", seg.pred)) if on)
        title = "; ".join([f"gold {x}" for x in seg.gold] + [f"predicted {x}" for x in seg.pred])
        parts.append(f'<mark class="{cls}" title="{_e(title)}">{chunk}</mark>')
    return "".join(parts)


def _gold_spans(fixture: Fixture) -> list[_Span]:
    return [
        _Span(a, b, f"{c.value}[{j}]")
        for c in Category
        for j, item in enumerate(fixture.expected.items(c))
        for a, b in item.spans
    ]


def _pred_spans(brief: Brief | None) -> list[_Span]:
    if brief is None:
        return []
    return [
        _Span(e.start, e.end, f"{c.value}[{i}]")
        for c in Category
        for i, item in enumerate(brief.items(c))
        for e in item.evidence
        if e.start is not None and e.end is not None
    ]


_LEGEND = (
    '<p class="legend"><span><mark class="g">gold evidence</mark></span>'
    '<span><mark class="p">predicted evidence</mark></span>'
    '<span><mark class="g p">both</mark></span>'
    '<span class="muted">hover a highlight for the items it belongs to</span></p>'
)


# --------------------------------------------------------------------------- items


def _names(values: list[str] | None) -> str:
    return ", ".join(values) if values else "?"


def _describe(category: str, item: object) -> str:
    """A one-line gist of a gold or predicted item: the key fields the strict score looks at first."""

    def g(name: str) -> object:
        return getattr(item, name, None)

    if category == "proposals":
        text = f"{_names(g('proposer'))} → {_names(g('addressees'))}: {g('what') or ''}"
    elif category == "exchanges":
        a, b = g("side_a"), g("side_b")
        text = f"{(a.party if a else None) or '?'} ⇄ {(b.party if b else None) or '?'}"
    else:
        kind = g("kind")
        text = f"{kind.value if kind is not None else '?'} · {_names(g('actors'))}: {g('description') or ''}"
    status = g("status")
    if status is not None:
        text += f" [{status.value}]"
    return text


def _quotes(quotes: list[str]) -> str:
    return "".join(f"<div class='muted'>“{_e(' '.join(q.split()))}”</div>" for q in quotes)


def _match_status(strict: bool, other: str) -> str:
    verdict = (
        '<span class="st-strict">strict ✓</span>'
        if strict
        else '<span class="st-detect">detected, key fields wrong</span>'
    )
    return f'{verdict} <span class="muted">{_e(other)}</span>'


def _items_table(fixture: Fixture | None, fr: FixtureResult) -> str:
    brief = fr.brief
    matches: dict[str, list[MatchRecord]] = fr.matches
    gold_rows, pred_rows = [], []
    for c in _CATS:
        ms = matches.get(c, [])
        by_gold = {m.gold: m for m in ms}
        by_pred = {m.pred: m for m in ms}
        golds: list[GoldItem] = fixture.expected.items(Category(c)) if fixture else []
        for j, gold in enumerate(golds):
            m = by_gold.get(j)
            if m is None:
                status = (
                    '<span class="st-opt">missed (optional)</span>'
                    if gold.optional
                    else ('<span class="st-miss">missed</span>')
                )
            else:
                status = _match_status(m.strict, f"pred {c}[{m.pred}]")
            opt = ' <span class="badge">optional</span>' if gold.optional else ""
            gold_rows.append(
                f"<tr><td class='l'>{_e(c)}[{j}]{opt}</td><td class='l'>{_e(_describe(c, gold))}"
                f"{_quotes(gold.evidence)}</td><td class='l'>{status}</td></tr>"
            )
        preds = brief.items(Category(c)) if brief is not None else []
        for i, pred in enumerate(preds):
            m = by_pred.get(i)
            if m is None:
                status = '<span class="st-fp">unmatched (FP)</span>'
            else:
                status = _match_status(m.strict, f"gold {c}[{m.gold}]")
            if not pred.grounded():
                status += ' <span class="st-fp">ungrounded</span>'
            pred_rows.append(
                f"<tr><td class='l'>{_e(c)}[{i}]</td><td class='l'>{_e(_describe(c, pred))}"
                f"{_quotes([e.quote for e in pred.evidence])}</td><td class='l'>{status}</td></tr>"
            )
    empty = "<tr><td class='l' colspan='3'><span class='muted'>none</span></td></tr>"
    head = "<tr><th class='l'>item</th><th class='l'>gist and evidence</th><th class='l'>status</th></tr>"
    dropped = ""
    if brief is not None and brief.dropped:
        dropped = (
            "<p class='muted'>Dropped by the pipeline (counted as hallucinations): "
            + "; ".join(_e(f"{d.category.value}: {d.reason}") for d in brief.dropped)
            + "</p>"
        )
    return (
        "<div class='items'>"
        f"<div><h4>Gold items</h4><table>{head}{''.join(gold_rows) or empty}</table></div>"
        f"<div><h4>Predicted items</h4><table>{head}{''.join(pred_rows) or empty}</table>{dropped}</div>"
        "</div>"
    )


# --------------------------------------------------------------------------- tables


def _matrix(report: EvalReport) -> str:
    runs = report.runs
    if not runs:
        return "<p class='muted'>No runs in this report.</p>"

    def best(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return max(present) if present else None

    def cat_f1(run: RunResult, c: str, which: str) -> float | None:
        cs = run.categories.get(c)
        return getattr(cs, which).get("f1") if cs else None

    strict_best = best([r.headline.get("strict_macro_f1") for r in runs])
    det_best = best([r.headline.get("detection_macro_f1") for r in runs])
    cat_best = {(c, w): best([cat_f1(r, c, w) for r in runs]) for c in _CATS for w in ("strict", "detection")}

    def cell(value: float | None, top: float | None) -> str:
        cls = " class='best'" if value is not None and len(runs) > 1 and value == top else ""
        return f"<td{cls}>{_num(value)}</td>"

    cat_heads = "".join(f"<th colspan='2'>{_e(c)}</th>" for c in _CATS)
    sub_heads = "<th>strict</th><th>detect</th>" * len(_CATS)
    head = (
        "<tr><th class='l' rowspan='2'>run</th><th rowspan='2'>strict macro F1</th>"
        f"<th rowspan='2'>detection macro F1</th>{cat_heads}<th rowspan='2'>grounding</th>"
        "<th rowspan='2'>halluc.</th><th rowspan='2'>s / article</th><th rowspan='2'>tokens in / art.</th>"
        "<th rowspan='2'>tokens out / art.</th><th rowspan='2'>calls / art.</th>"
        "<th rowspan='2'>errors</th></tr>"
        f"<tr>{sub_heads}</tr>"
    )
    rows = []
    for r in runs:
        h, sp = r.headline, r.spread
        strict = h.get("strict_macro_f1")
        if r.repeats > 1:
            spread = f" <span class='muted'>± {_num(sp.get('strict_macro_f1'))} (n={r.repeats})</span>"
        else:
            spread = " <span class='muted'>(n=1)</span>"
        cls = " class='floor'" if _is_floor(r) else ""
        cls_strict = " class='best'" if strict is not None and len(runs) > 1 and strict == strict_best else ""
        cats = "".join(cell(cat_f1(r, c, w), cat_best[c, w]) for c in _CATS for w in ("strict", "detection"))
        rows.append(
            f"<tr{cls}><td class='l'>{_run_name(r)}</td><td{cls_strict}>{_num(strict)}{spread}</td>"
            f"{cell(h.get('detection_macro_f1'), det_best)}{cats}"
            f"<td>{_num(h.get('grounding_rate'))}</td><td>{_num(h.get('hallucination_rate'))}</td>"
            f"<td>{_num(r.seconds_per_article, 2)}</td><td>{_num(r.tokens_in_per_article, 0)}</td>"
            f"<td>{_num(r.tokens_out_per_article, 0)}</td><td>{_num(r.calls_per_article, 2)}</td>"
            f"<td>{r.errors}</td></tr>"
        )
    note = (
        "<p class='muted'>Rows marked <span class='badge'>floor · no LLM</span> are the heuristic strategy "
        "(cue words and gazetteer, no model): any LLM run should beat them. Bold: best in the column. "
        "Spread is the standard deviation over repeats.</p>"
    )
    return f"<table>{head}{''.join(rows)}</table>{note}"


def _dates(report: EvalReport) -> str:
    """Date accuracy at gold precision and date coverage, per run and category (matched items only)."""
    head = (
        "<tr><th class='l'>run</th>"
        + "".join(f"<th>{_e(c)}<br>accuracy / coverage</th>" for c in _CATS)
        + "<th>all<br>accuracy / coverage</th></tr>"
    )
    rows = []
    for r in report.runs:
        cells = "".join(
            f"<td>{_num(r.categories[c].date_accuracy, 2)} / {_num(r.categories[c].date_coverage, 2)}</td>"
            if c in r.categories
            else "<td>–</td>"
            for c in _CATS
        )
        total = f"{_num(r.headline.get('date_accuracy'), 2)} / {_num(r.headline.get('date_coverage'), 2)}"
        rows.append(f"<tr><td class='l'>{_run_name(r)}</td>{cells}<td>{total}</td></tr>")
    note = (
        "<p class='muted'>Accuracy: matched items whose gold has a date field, right at the gold's precision "
        "(a gold <i>unknown</i> is right only when the brief gives no date). Coverage: matched items whose "
        "gold has a date and whose brief gives any date.</p>"
    )
    return f"<table>{head}{''.join(rows)}</table>{note}"


def _fixture_scores(results: list[tuple[RunResult, FixtureResult]]) -> str:
    cat_heads = "".join(f"<th>{_CAT_SHORT[c]} strict<br>tp/fp/fn</th>" for c in _CATS)
    head = (
        "<tr><th class='l'>run</th><th>rep.</th><th>strict macro F1</th><th>detection macro F1</th>"
        f"{cat_heads}<th>grounding</th><th>halluc.</th><th>seconds</th><th class='l'>error</th></tr>"
    )
    rows = []
    for run, fr in results:
        h = fr.headline
        cats = ""
        for c in _CATS:
            cs = fr.score.categories.get(c)
            cats += f"<td>{cs.strict.tp}/{cs.strict.fp}/{cs.strict.fn}</td>" if cs else "<td>–</td>"
        err = f"<span class='err'>{_e(fr.error)}</span>" if fr.error else ""
        cls = " class='floor'" if _is_floor(run) else ""
        rows.append(
            f"<tr{cls}><td class='l'>{_run_name(run)}</td><td>{fr.repeat}</td>"
            f"<td>{_num(h.get('strict_macro_f1'))}</td><td>{_num(h.get('detection_macro_f1'))}</td>{cats}"
            f"<td>{_num(h.get('grounding_rate'))}</td><td>{_num(h.get('hallucination_rate'))}</td>"
            f"<td>{_num(fr.seconds, 2)}</td><td class='l'>{err}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


# --------------------------------------------------------------------------- fixtures


def _run_view(fixture: Fixture | None, run: RunResult, fr: FixtureResult, *, open_: bool = False) -> str:
    rep = f" · repeat {fr.repeat}" if run.repeats > 1 else ""
    h = fr.headline
    summary = (
        f"{_run_name(run)}{_e(rep)} <span class='muted'>strict {_num(h.get('strict_macro_f1'))}, "
        f"detection {_num(h.get('detection_macro_f1'))}</span>"
    )
    body = []
    if fr.error:
        body.append(f"<p class='err'>Error: {_e(fr.error)}</p>")
    if fr.brief is None:
        body.append("<p class='muted'>No brief was recorded for this run; only gold evidence is shown.</p>")
    elif fr.brief.summary:
        body.append(f"<p><b>Summary:</b> {_e(fr.brief.summary)}</p>")
    if fixture is not None:
        body.append(_LEGEND)
        text = highlight(fixture.article.text, _gold_spans(fixture), _pred_spans(fr.brief))
        body.append(f"<div class='article'>{text}</div>")
    body.append(_items_table(fixture, fr))
    return f"<details{' open' if open_ else ''}><summary>{summary}</summary>{''.join(body)}</details>"


def _fixture_section(n: int, fid: str, fixture: Fixture | None, results: list[tuple[RunResult, FixtureResult]]) -> str:
    title = fixture.article.title if fixture and fixture.article.title else ""
    strict = [fr.headline.get("strict_macro_f1") for _, fr in results]
    errors = sum(1 for _, fr in results if fr.error)
    gist = ", ".join(_num(s) for s in strict)
    extra = f" <span class='err'>{errors} error(s)</span>" if errors else ""
    summary = (
        f"<code>{_e(fid)}</code> <span class='muted'>{_e(title)}</span>"
        f" <span class='muted'>· strict F1 per run: {gist or '–'}</span>{extra}"
    )
    body = [_fixture_scores(results) if results else "<p class='muted'>No run scored this fixture.</p>"]
    if fixture is None:
        body.append("<p class='muted'>The fixture itself was not passed in, so its text is not shown.</p>")
    else:
        meta = [
            fixture.article.source,
            fixture.article.author,
            fixture.article.published.isoformat() if fixture.article.published else None,
        ]
        if any(meta):
            body.append(f"<p class='muted'>{_e(' · '.join(m for m in meta if m))}</p>")
        if not results:
            text = highlight(fixture.article.text, _gold_spans(fixture), [])
            body.append(f"{_LEGEND}<div class='article'>{text}</div>")
    # With a single run there is nothing to choose between, so save the reader a click.
    body += [_run_view(fixture, run, fr, open_=len(results) == 1) for run, fr in results]
    return f"<details id='fx-{n}'><summary>{summary}</summary>{''.join(body)}</details>"


def render_html(report: EvalReport, fixtures: list[Fixture]) -> str:
    by_id = {f.id: f for f in fixtures}
    # Fixtures the report scored come first, in its order; any extra fixture passed in still gets a section.
    ids = list(dict.fromkeys([*report.fixture_ids, *(fr.fixture_id for r in report.runs for fr in r.fixtures), *by_id]))
    sections = []
    for n, fid in enumerate(ids):
        results = [(run, fr) for run in report.runs for fr in run.fixtures if fr.fixture_id == fid]
        sections.append(_fixture_section(n, fid, by_id.get(fid), results))
    gate = ""
    if report.gate is not None:
        passed = report.gate.passed
        verdict = "<span class='st-strict'>passed</span>" if passed else "<span class='st-miss'>FAILED</span>"
        reasons = "".join(f"<li>{_e(r)}</li>" for r in report.gate.reasons)
        gate = f"<p><b>Gate:</b> {verdict}</p>" + (f"<ul>{reasons}</ul>" if reasons else "")
    toc = "".join(f"<li><a href='#fx-{n}'>{_e(fid)}</a></li>" for n, fid in enumerate(ids))
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Eval report {_e(report.created_at.isoformat(timespec='seconds'))}</title>"
        f"<style>{_CSS}</style><script>{_JS}</script></head><body>"
        f"<h1>Eval report</h1><p class='muted'>{_e(report.created_at.isoformat(timespec='seconds'))} · "
        f"{len(report.runs)} run(s) × {len(ids)} fixture(s) · "
        f"fixtures from {_e(report.fixtures_dir or '?')} · "
        f"{_num(report.wall_seconds, 1)} s wall</p>{gate}"
        f"<h2>Matrix</h2>{_matrix(report)}"
        f"<h2>Dates</h2>{_dates(report)}"
        "<h2>Fixtures</h2><p class='toolbar'><button type='button' onclick='setAll(true)'>expand all</button>"
        "<button type='button' onclick='setAll(false)'>collapse all</button></p>"
        f"<details><summary>Index</summary><ul>{toc}</ul></details>"
        f"{''.join(sections)}</body></html>\n"
    )


def write_html(report: EvalReport, fixtures: list[Fixture], path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report, fixtures), encoding="utf-8")
