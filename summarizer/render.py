"""Briefs as an analyst reads them (Markdown) or as other tools read them (JSON)."""

from __future__ import annotations

from .schema import Brief, Evidence, Exchange, MilitaryEvent, Proposal, When


def _when(w: When) -> str:
    if w.start is None:
        return w.text or "date unknown"
    span = f"{w.start.isoformat()} – {w.end.isoformat()}" if w.end and w.end != w.start else w.start.isoformat()
    check = f"; ⚠ {w.check}" if w.check else ""
    return f"{span} ({w.precision.value}{'; “' + w.text + '”' if w.text else ''}{check})"


def _evidence(evs: list[Evidence]) -> list[str]:
    lines = []
    for e in evs:
        where = f"chars {e.start}–{e.end}, {e.match.value}" if e.start is not None else "NOT FOUND in article"
        lines.append(f"  > {' '.join(e.quote.split())}  \n  <sub>{where}</sub>")
    return lines


def _source(item: Proposal | Exchange | MilitaryEvent) -> str:
    who = ", ".join(item.attributed_to) if item.attributed_to else "the article"
    flags = f" · ⚠ {', '.join(item.flags)}" if item.flags else ""
    return f"*{item.certainty.value}*, per {who} · {_when(item.when)}{flags}"


def to_markdown(brief: Brief) -> str:
    a = brief.article
    out = [f"# Brief: {a.title or 'untitled article'}", ""]
    meta = [x for x in (a.source, a.author, a.published.isoformat() if a.published else None, a.url) if x]
    if meta:
        out += [" · ".join(meta), ""]
    out += ["## Summary", "", brief.summary or "_No summary._", ""]
    if brief.actors:
        out += ["## Actors", ""]
        for actor in brief.actors:
            extra = f" ({actor.kind.value}{', ' + actor.country if actor.country else ''})"
            aliases = [x for x in actor.aliases if x != actor.name]
            out.append(f"- **{actor.name}**{extra}" + (f" — as “{'”, “'.join(aliases)}”" if aliases else ""))
        out.append("")
    out += ["## Proposals", ""]
    for p in brief.proposals:
        to = f" to {', '.join(p.addressees)}" if p.addressees else ""
        out += [
            f"- **{', '.join(p.proposer) or 'someone'}** proposed{to}: {p.what} — status *{p.status.value}*",
            f"  {_source(p)}",
            *_evidence(p.evidence),
        ]
    if not brief.proposals:
        out.append("_None found._")
    out += ["", "## Quid pro quo", ""]
    for x in brief.exchanges:

        def side(s):  # noqa: E306
            gives = f" gives {', '.join(s.gives)}" if s.gives else ""
            asks = f" asks {', '.join(s.asks)}" if s.asks else ""
            return f"**{s.party or '?'}**{gives}{asks}"

        out += [
            f"- {side(x.side_a)} ⇄ {side(x.side_b)} — status *{x.status.value}*",
            f"  {_source(x)}",
            *_evidence(x.evidence),
        ]
    if not brief.exchanges:
        out.append("_None found._")
    out += ["", "## Military events", ""]
    for e in brief.military_events:
        where = f" at {e.location}" if e.location else ""
        outcome = f" — outcome: {e.outcome}" if e.outcome else ""
        out += [
            f"- **{e.kind.value.replace('_', ' ')}** by {', '.join(e.actors) or '?'}{where}: {e.description}"
            f" — status *{e.status.value}*{outcome}",
            f"  {_source(e)}",
            *_evidence(e.evidence),
        ]
    if not brief.military_events:
        out.append("_None found._")
    if brief.dropped:
        out += ["", f"## Dropped ({len(brief.dropped)})", ""]
        out += [f"- {d.category.value}: {d.reason}" for d in brief.dropped]
    if brief.excluded:
        # Text left out as instructions, markup or page furniture: shown so a reader can check the call.
        out += ["", f"## Excluded as not news ({len(brief.excluded)})", ""]
        out += [f"- {x.kind}: “{x.preview}” — {x.reason} (chars {x.start}–{x.end})" for x in brief.excluded[:20]]
        if len(brief.excluded) > 20:
            out.append(f"- … and {len(brief.excluded) - 20} more (in the JSON)")
    if p := brief.provenance:
        u = p.usage
        out += [
            "",
            "---",
            f"<sub>{p.backend} · {p.model} · strategy {p.strategy} · prompt {p.prompt_name} "
            f"({p.prompt_sha256[:12]}) · {u.calls} LLM calls ({u.cached_calls} cached), "
            f"{u.prompt_tokens} tokens in / {u.completion_tokens} out · {p.latency_s:.2f} s</sub>",
        ]
        out += [f"<sub>note: {n}</sub>" for n in p.notes]
    return "\n".join(out) + "\n"


def to_json(brief: Brief, indent: int | None = 2) -> str:
    return brief.model_dump_json(indent=indent)
