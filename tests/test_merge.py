"""Cross-article merge: what merges, what never does, what is kept when sources disagree."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import InputError
from summarizer.evals.coref import load_gold, score_merge
from summarizer.export import ITEM_COLUMNS, SOURCE_COLUMNS, sources_path, write
from summarizer.inputs import read_article
from summarizer.merge import MergeOptions, MergeStats, merge_file, merge_records, read_merged
from summarizer.schema import Brief, Exchange, MilitaryEvent, Proposal

ROOT = Path(__file__).resolve().parents[1]
COREF = ROOT / "evals" / "coref"
ARTICLES = COREF / "articles"
runner = CliRunner()


def _ev(text: str, quote: str) -> dict[str, Any]:
    i = text.index(quote)
    return {"quote": quote, "start": i, "end": i + len(quote), "match": "exact", "score": 1.0}


def _record(aid: str, *, proposals=(), exchanges=(), events=()) -> dict[str, Any]:
    """A batch record whose items quote the real article ``aid`` (offsets computed from its text)."""
    art = read_article(ARTICLES / f"{aid}.txt")
    brief = Brief(article=art.meta)

    def fill(raw: dict[str, Any]) -> dict[str, Any]:
        raw = dict(raw)
        raw["evidence"] = [_ev(art.text, q) for q in raw.pop("quotes")]
        return raw

    brief.proposals = [Proposal.model_validate(fill(p)) for p in proposals]
    brief.exchanges = [Exchange.model_validate(fill(x)) for x in exchanges]
    brief.military_events = [MilitaryEvent.model_validate(fill(e)) for e in events]
    return {
        "id": aid,
        "content_sha256": "x",
        "status": "ok",
        "brief": brief.model_dump(mode="json"),
        "backend": "none",
        "model": "none",
        "strategy": "test",
    }


def _day(d: str) -> dict[str, Any]:
    return {"text": d, "start": d, "end": d, "precision": "day"}


YOMIURI = "north_korea_icbm_japan_eez"
TAIWAN = "taiwannews_icbm_lands_in_japan_eez"
IRONBLADE = "ironblade_icbm_off_japan"
ICBM_Y = (
    "North Korea launched a suspected intercontinental ballistic missile (ICBM) on Friday that "
    "landed west of Hokkaido inside Japan’s exclusive economic zone."
)
ICBM_T = (
    '"The ballistic missile launched by North Korea is believed to have landed in our EEZ west '
    'of Hokkaido," Kishida said.'
)
ICBM_I = (
    "North Korea launched an intercontinental ballistic missile (ICBM) on Friday, November 18, which fell off Japan."
)


def _launch(quote: str, day: str = "2022-11-18", **kw: Any) -> dict[str, Any]:
    return {
        "kind": "missile_launch",
        "actors": ["North Korea"],
        "description": quote,
        "when": _day(day),
        "quotes": [quote],
        **kw,
    }


def test_two_outlets_reporting_one_launch_merge_and_keep_their_own_evidence() -> None:
    recs = [_record(YOMIURI, events=[_launch(ICBM_Y)]), _record(TAIWAN, events=[_launch(ICBM_T)])]
    out = merge_records(recs)
    assert len(out) == 1
    m = out[0]
    assert m.n_articles == 2 and {s.article_id for s in m.sources} == {YOMIURI, TAIWAN}
    assert m.kind == "missile_launch" and m.when.start == dt.date(2022, 11, 18)
    assert "North Korea" in m.actors
    for s in m.sources:  # offsets index into that source's own article
        text = read_article(ARTICLES / f"{s.article_id}.txt").text
        e = s.item.evidence[0]
        assert text[e.start : e.end] == e.quote
    assert not m.conflicts


def test_never_merges_across_categories() -> None:
    quote = (
        "Earlier, the Turkish president said that the Turkish parliament would fulfill its promise "
        "to ratify Swedenʼs bid to join NATO if Washington allowed the sale of F-16 fighter jets "
        "to Ankara."
    )
    aid = "erdogan_signs_sweden_nato_protocol_f16_request"
    other = "turkey_f16_sale_depends_on_sweden_nato_vote"
    q2 = (
        "Erdogan previously noted that he linked the issue of approval of the Swedish application "
        "with the adoption by the American Congress of a decision on the sale of F-16 fighter jets "
        "to Ankara."
    )
    p = {
        "proposer": ["Turkey"],
        "addressees": ["United States"],
        "what": "ratify Sweden for F-16s",
        "status": "proposed",
    }
    x = {
        "side_a": {"party": "Turkey", "gives": ["ratify Sweden"]},
        "side_b": {"party": "United States", "gives": ["F-16"]},
    }
    recs = [
        _record(aid, proposals=[{**p, "quotes": [quote]}], exchanges=[{**x, "quotes": [quote]}]),
        _record(other, exchanges=[{**x, "quotes": [q2]}]),
    ]
    out = merge_records(recs, MergeOptions(threshold=0.3))
    cats = {m.category.value: m for m in out}
    assert {m.category.value for m in out} == {"proposals", "exchanges"}
    assert len(out) == 2, "the two exchanges merge, the proposal stays apart"
    assert cats["exchanges"].n_articles == 2 and cats["proposals"].n_articles == 1


def test_launches_days_apart_stay_apart_and_a_one_day_disagreement_is_flagged() -> None:
    far = merge_records(
        [_record(YOMIURI, events=[_launch(ICBM_Y)]), _record(TAIWAN, events=[_launch(ICBM_T, "2022-11-03")])]
    )
    assert len(far) == 2
    near = merge_records(
        [_record(YOMIURI, events=[_launch(ICBM_Y)]), _record(TAIWAN, events=[_launch(ICBM_T, "2022-11-17")])]
    )
    assert len(near) == 1
    (conflict,) = near[0].conflicts
    assert conflict.field == "date"
    assert {r.value for r in conflict.readings} == {"2022-11-18", "2022-11-17"}
    assert "conflict:date" in near[0].flags


def test_disagreeing_outcomes_are_both_kept() -> None:
    recs = [
        _record(YOMIURI, events=[_launch(ICBM_Y, outcome="landed in Japan's EEZ")]),
        _record(IRONBLADE, events=[_launch(ICBM_I, outcome="failed")]),
    ]
    (m,) = merge_records(recs)
    (c,) = [c for c in m.conflicts if c.field == "outcome"]
    assert {r.value: r.article_ids for r in c.readings} == {"landed in Japan's EEZ": [YOMIURI], "failed": [IRONBLADE]}


def test_a_capital_and_its_state_are_one_location_two_places_are_a_conflict() -> None:
    same = merge_records(
        [
            _record(YOMIURI, events=[_launch(ICBM_Y, location="Pyongyang")]),
            _record(TAIWAN, events=[_launch(ICBM_T, location="North Korea")]),
        ]
    )
    assert len(same) == 1 and not same[0].conflicts
    apart = merge_records(
        [
            _record(YOMIURI, events=[_launch(ICBM_Y, location="Hokkaido")]),
            _record(TAIWAN, events=[_launch(ICBM_T, location="Pyongyang")]),
        ]
    )
    assert [c.field for c in apart[0].conflicts] == ["location"]


def test_a_proposal_keeps_its_status_history_with_the_source_of_each_step() -> None:
    erdogan = "erdogan_signs_sweden_nato_protocol_f16_request"
    expects = "us_expects_turkey_sweden_approval_before_f16"
    q1 = (
        "Earlier, the Turkish president said that the Turkish parliament would fulfill its promise "
        "to ratify Swedenʼs bid to join NATO if Washington allowed the sale of F-16 fighter jets "
        "to Ankara."
    )
    q2 = (
        "On Tuesday, Turkish President Recep Tayyip Erdogan said that any potential progress made "
        "by the United States on the F-16 deal with Ankara would be reflected in the Turkish "
        "parliament's consideration of Sweden's NATO accession protocol."
    )
    base = {
        "proposer": ["Recep Tayyip Erdogan"],
        "addressees": ["United States"],
        "what": "Sweden's NATO bid for F-16s",
    }
    recs = [
        _record(expects, proposals=[{**base, "status": "under_consideration", "quotes": [q2]}]),
        _record(erdogan, proposals=[{**base, "status": "proposed", "quotes": [q1]}]),
    ]
    (m,) = merge_records(recs)
    assert [(s.status, s.article_id) for s in m.status_history] == [
        ("proposed", erdogan),  # published 2023-10-23
        ("under_consideration", expects),  # published 2023-12-22
    ]
    assert m.status == "under_consideration" and not m.conflicts
    assert m.status_history[0].quote == q1


def test_two_items_of_one_article_are_never_merged() -> None:
    q2 = (
        "According to the Defense Ministry, the missile was launched at around 10:14 a.m. from the "
        "vicinity of Pyongyang toward the Sea of Japan."
    )
    out = merge_records([_record(YOMIURI, events=[_launch(ICBM_Y), _launch(q2)])], MergeOptions(threshold=0.0))
    assert len(out) == 2


def test_blocking_compares_only_items_that_share_a_block() -> None:
    # 120 copies of one launch spread a month apart each: only same-fortnight neighbours are compared.
    recs = []
    for k in range(120):
        r = _record(YOMIURI, events=[_launch(ICBM_Y, (dt.date(2000, 1, 1) + dt.timedelta(days=30 * k)).isoformat())])
        r["id"] = f"a{k}"
        recs.append(r)
    stats = MergeStats()
    out = merge_records(recs, stats=stats)
    assert len(out) == 120
    assert stats.comparisons < 120 * 119 // 2 // 20


def test_merge_file_reads_the_last_record_per_id_and_skips_failures(tmp_path: Path) -> None:
    path = tmp_path / "briefs.jsonl"
    ok_y = _record(YOMIURI, events=[_launch(ICBM_Y)])
    failed = {**_record(TAIWAN), "status": "error", "brief": None, "error": {"kind": "backend", "message": "x"}}
    later_ok = _record(TAIWAN, events=[_launch(ICBM_T)])
    path.write_text("\n".join(json.dumps(r) for r in (failed, ok_y, later_ok, failed)) + "\n", encoding="utf-8")
    stats = MergeStats()
    out = merge_file(path, stats=stats)
    assert stats.records == 1 and stats.failed_records == 1  # taiwan's last record failed
    assert len(out) == 1 and out[0].n_articles == 1


def test_several_batch_files_merge_as_one_corpus(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps(_record(YOMIURI, events=[_launch(ICBM_Y)])) + "\n", encoding="utf-8")
    b.write_text(json.dumps(_record(TAIWAN, events=[_launch(ICBM_T)])) + "\n", encoding="utf-8")
    stats = MergeStats()
    (m,) = merge_file([a, b], stats=stats)
    assert m.n_articles == 2 and stats.records == 2
    res = runner.invoke(app, ["merge", str(a), str(b), "-o", str(tmp_path / "m.jsonl")])
    assert res.exit_code == 0, res.output
    with pytest.raises(InputError, match="also in an earlier file"):
        merge_file([a, a])


def test_a_file_that_is_not_batch_output_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a `summarizer batch` results line"):
        merge_file(ARTICLES / f"{YOMIURI}.txt")
    with pytest.raises(InputError, match="no such file"):
        merge_file(tmp_path / "missing.jsonl")


def test_jsonl_round_trip_keeps_each_source_item_type(tmp_path: Path) -> None:
    erdogan = "erdogan_signs_sweden_nato_protocol_f16_request"
    q = (
        "Earlier, the Turkish president said that the Turkish parliament would fulfill its promise "
        "to ratify Swedenʼs bid to join NATO if Washington allowed the sale of F-16 fighter jets "
        "to Ankara."
    )
    recs = [
        _record(YOMIURI, events=[_launch(ICBM_Y)]),
        _record(
            erdogan, exchanges=[{"side_a": {"party": "Turkey"}, "side_b": {"party": "United States"}, "quotes": [q]}]
        ),
    ]
    out = merge_records(recs)
    (path,) = write(out, tmp_path / "m.jsonl")
    back = read_merged(path)
    assert back == out
    assert {type(s.item).__name__ for m in back for s in m.sources} == {"MilitaryEvent", "Exchange"}


def test_csv_sqlite_and_parquet_exports_have_one_row_per_item_and_per_source(tmp_path: Path) -> None:
    recs = [_record(YOMIURI, events=[_launch(ICBM_Y)]), _record(TAIWAN, events=[_launch(ICBM_T)])]
    recs.append(_record(IRONBLADE, events=[_launch(ICBM_I, "2022-11-03")]))
    out = merge_records(recs)
    assert len(out) == 2
    items_csv, sources_csv = write(out, tmp_path / "e.csv", "csv")
    assert sources_csv == sources_path(tmp_path / "e.csv") == tmp_path / "e.sources.csv"
    assert items_csv.read_text(encoding="utf-8").splitlines()[0] == ",".join(c[0] for c in ITEM_COLUMNS)
    assert len(sources_csv.read_text(encoding="utf-8").splitlines()) == 1 + 3
    (db,) = write(out, tmp_path / "e.sqlite", "sqlite")
    con = sqlite3.connect(db)
    assert [r[1] for r in con.execute("PRAGMA table_info(sources)")] == [c[0] for c in SOURCE_COLUMNS]
    rows = con.execute(
        "SELECT i.n_articles, COUNT(*) FROM items i JOIN sources s ON s.item_id = i.id GROUP BY i.id"
    ).fetchall()
    assert sorted(rows) == [(1, 1), (2, 2)]
    con.close()
    pq = pytest.importorskip("pyarrow.parquet")
    items_pq, sources_pq = write(out, tmp_path / "e.parquet", "parquet")
    assert pq.read_table(items_pq).num_rows == 2 and pq.read_table(sources_pq).num_rows == 3
    assert pq.read_table(items_pq).column("when_start").to_pylist()[0] in (dt.date(2022, 11, 3), dt.date(2022, 11, 18))


def test_cli_merge_writes_events_and_a_timeline(tmp_path: Path) -> None:
    path = tmp_path / "briefs.jsonl"
    recs = [_record(YOMIURI, events=[_launch(ICBM_Y)]), _record(TAIWAN, events=[_launch(ICBM_T)])]
    path.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["merge", str(path), "-o", str(tmp_path / "ev.jsonl"), "--html", str(tmp_path / "t.html")])
    assert res.exit_code == 0, res.output
    assert len(read_merged(tmp_path / "ev.jsonl")) == 1
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert "<script" in html and "http://" not in html.split('<script type="application/json"')[0]
    res = runner.invoke(app, ["merge", str(tmp_path / "nope.jsonl")])
    assert res.exit_code == 3
    res = runner.invoke(app, ["merge", str(path), "--format", "csv"])
    assert res.exit_code == 8 and "needs --out" in res.output
    res = runner.invoke(app, ["schema", "merged"])
    assert res.exit_code == 0 and json.loads(res.output)["title"] == "MergedItem"


def test_gold_quotes_are_verbatim_and_the_set_is_big_enough() -> None:
    gold, spans = load_gold(COREF / "gold.yaml", ARTICLES)
    articles = {s.article for s in spans}
    assert len(list(ARTICLES.glob("*.txt"))) >= 20 and len(gold.clusters) >= 5
    assert len(articles) >= 15


def test_coref_scores_perfect_and_wrong_merges() -> None:
    _, spans = load_gold(COREF / "gold.yaml", ARTICLES)
    recs = [
        _record(YOMIURI, events=[_launch(ICBM_Y)]),
        _record(TAIWAN, events=[_launch(ICBM_T)]),
        _record(IRONBLADE, events=[_launch("North Korea also fired a short-range missile on Thursday.", "2022-11-17")]),
    ]
    apart = [m for r in recs for m in merge_records([r])]
    sc = score_merge(apart, spans)
    assert sc.pairwise["recall"] == 0.0 and sc.b_cubed["precision"] == 1.0
    together = merge_records(recs[:2])
    assert score_merge(together + apart[2:], spans).pairwise["f1"] == 1.0
    # Glue everything into one cluster by hand: the ICBM and the short-range missile are different events.
    glued = together[0].model_copy(update={"sources": [s for m in apart for s in m.sources]})
    bad = score_merge([glued], spans)
    assert bad.pairwise["precision"] == pytest.approx(1 / 3, abs=1e-3) and bad.wrong_merges


@pytest.fixture(scope="module")
def heuristic_records() -> list[dict[str, Any]]:
    from summarizer.pipeline import summarize

    out = []
    for path in sorted(ARTICLES.glob("*.txt")):
        brief = summarize(read_article(path), strategy="heuristic", cache=False)
        out.append({"id": path.stem, "status": "ok", "brief": brief.model_dump(mode="json")})
    return out


def _clusters(items: list) -> set[frozenset[tuple[str, str, int]]]:
    return {frozenset((s.article_id, m.category.value, s.index) for s in m.sources) for m in items}


def test_every_item_lands_in_exactly_one_merged_item_whatever_the_input_order(
    heuristic_records: list[dict[str, Any]],
) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    base = _clusters(merge_records(heuristic_records, MergeOptions(threshold=0.45)))
    n_items = sum(len(r["brief"][c]) for r in heuristic_records for c in ("proposals", "exchanges", "military_events"))
    assert sum(len(c) for c in base) == n_items
    assert all(len({k[1] for k in c}) == 1 for c in base)  # one category per merged item
    assert all(len({k[0] for k in c}) == len(c) for c in base)  # one item per article per merged item

    @settings(max_examples=15, deadline=None)
    @given(st.permutations(heuristic_records))
    def shuffled(records: list[dict[str, Any]]) -> None:
        assert _clusters(merge_records(records, MergeOptions(threshold=0.45))) == base

    shuffled()


@pytest.mark.slow
def test_the_ray_engine_gives_the_local_engine_s_result(heuristic_records: list[dict[str, Any]]) -> None:
    ray = pytest.importorskip("ray", reason="the Ray engine is an optional extra: pip install 'summarizer[ray]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        local, remote = MergeStats(), MergeStats()
        want = merge_records(heuristic_records, MergeOptions(threshold=0.45), stats=local)
        got = merge_records(heuristic_records, MergeOptions(threshold=0.45), stats=remote, engine="ray")
    finally:
        ray.shutdown()
    assert [m.model_dump(exclude={"sources"}) for m in got] == [m.model_dump(exclude={"sources"}) for m in want]
    assert _clusters(got) == _clusters(want)
    assert (remote.comparisons, remote.links) == (local.comparisons, local.links)


def test_an_unknown_engine_is_a_configuration_error(heuristic_records: list[dict[str, Any]]) -> None:
    from summarizer.errors import ConfigError

    with pytest.raises(ConfigError, match="local or ray"):
        merge_records(heuristic_records[:2], engine="spark")
