"""The lexicon is data: it validates at load, and every example it quotes or cites makes the finder fire as it says.

Corpus examples are cited by record and span (summarizer/lexicon.py, Example) and read from ../shared/corpora.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Token

from summarizer.errors import ConfigError
from summarizer.extractor import Found, find
from summarizer.lexicon import Lexicon, load_lexicon, parse_lexicon
from summarizer.nlp import pipeline
from summarizer.schema import Category, Certainty

from .corpus import corpus_text, example_text

LEX = load_lexicon()
TRIGGERS = [(c, t, ex) for c in LEX.classes for t in c.triggers for ex in t.examples]


@pytest.mark.parametrize(
    ("verb_class", "trigger", "example"),
    TRIGGERS,
    ids=[f"{c.name}/{t.lemma}/{t.pos[0] if t.pos else ''}" for c, t, _ in TRIGGERS],
)
def test_every_trigger_example_fires_its_entry(verb_class, trigger, example) -> None:
    found = find(example_text(example))
    hits = [f for f in found if f.verb_class == verb_class.name and f.lemma == trigger.lemma]
    assert hits, f"{verb_class.name}/{trigger.lemma} did not fire on its example ({example.source}): {found}"
    f = hits[0]
    assert f.category is verb_class.category
    assert f.kind == (trigger.kind.value if trigger.kind else verb_class.kind)
    assert f.sentence.start <= f.start < f.end <= f.sentence.end  # the trigger lies in its evidence sentence


def _flag(cue: str, found: list[Found], text: str) -> bool:
    checks = {
        "negation": lambda f: f.negated,
        "refusal": lambda f: f.refused,
        "cancel": lambda f: f.cancelled,
        "denial": lambda f: f.denied,
        "future": lambda f: f.future,
        "hypothetical": lambda f: f.hypothetical,
        "propose": lambda f: f.proposed,
        "accept": lambda f: f.accepted,
        "consider": lambda f: f.considered,
        "ongoing": lambda f: f.ongoing,
        "reported": lambda f: bool(f.attributed_to),
        "claimed": lambda f: f.certainty is Certainty.claimed,
        "hedge_reported": lambda f: f.certainty is Certainty.reported,
        "hedge_speculative": lambda f: f.certainty is Certainty.speculative,
        "opinion": lambda f: f.certainty is Certainty.opinion,
        "confirmed": lambda f: f.certainty is Certainty.confirmed,
    }
    if cue == "mediation":
        # who helps bring a trade about is no side of it
        doc = pipeline()(text)
        mediators = {c.text for t in doc if t.lemma_ in LEX.cues[cue].lemmas for c in t.children if c.dep_ == "nsubj"}
        trades = [f for f in found if f.category is Category.exchanges]
        return bool(mediators) and bool(trades) and not any(m in a for f in trades for a in f.agents for m in mediators)
    if cue in ("commentary", "reaction"):
        # whoever condemns or comments is not the actor of what they comment on; whoever supports or rejects a
        # proposal did not make it
        doc = pipeline()(text)
        speakers = {c.text for t in doc if t.lemma_ in LEX.cues[cue].lemmas for c in t.children if c.dep_ == "nsubj"}
        # an infinitive's reactor is who asks for it or who is asked: "the UN Security Council ... called on the
        # government of Mali to swiftly investigate this attack" (neither made the attack)
        askers: set[int] = set()
        for t in doc:
            if t.lemma_ in LEX.cues[cue].lemmas and t.dep_ == "xcomp":
                askers.add(t.head.idx)  # the asking is the asker's own item
                asker = t.head.head if t.head.dep_ == "conj" else t.head
                speakers |= {c.text for c in asker.children if c.dep_ == "nsubj"}
                asked = (g for p in t.head.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
                speakers |= {g.text for g in asked}
        items = [f for f in found if f.category is not Category.exchanges and f.start not in askers]
        return bool(speakers) and bool(items) and not any(s in a for f in items for a in f.agents for s in speakers)
    return any(checks[cue](f) for f in found)


@pytest.mark.parametrize("cue", sorted(LEX.cues))
def test_every_cue_example_sets_what_the_cue_means(cue: str) -> None:
    for ex in LEX.cues[cue].examples:
        text = example_text(ex)
        found = find(text)
        assert _flag(cue, found, text), f"{cue}: {ex.source}: {found}"


def test_every_compound_example_fires_through_the_prefix_rule() -> None:
    # "airstrikes" has no entry of its own: the rule splits it into "air" + the trigger "strike"
    assert LEX.compounds is not None
    singles = {t.lemma for c in LEX.classes for t in c.triggers}
    for ex in LEX.compounds.examples:
        text = example_text(ex)
        hits = [f for f in find(text) if f.category is Category.military_events and f.kind == "strike"]
        assert hits, f"compounds: {ex.source}: nothing found"
        word = text[hits[0].start : hits[0].end].lower()
        assert word.rstrip("s") not in singles and any(word.startswith(p) for p in LEX.compounds.prefixes)


def test_examples_never_come_from_held_out_fixtures() -> None:
    from pathlib import Path

    from summarizer.evals.fixtures import load_split

    held = set(load_split(Path(__file__).resolve().parents[1] / "evals" / "splits.yaml", "heldout"))
    sources = [ex.source for c in LEX.classes for t in c.triggers for ex in t.examples]
    sources += [ex.source for cue in LEX.cues.values() for ex in cue.examples]
    sources += [ex.source for ex in LEX.compounds.examples] if LEX.compounds else []
    sources += [ex.source for n in LEX.not_proposals for ex in n.examples]
    sources += [ex.source for n in LEX.not_exchanges for ex in n.examples]
    sources += [ex.source for va in LEX.verbal_attack for ex in va.examples]
    assert not [s for s in sources if any(h in s for h in held)]
    assert all(("(dev)" in s) or s.startswith(("RAMS dev", "GENEVA val")) for s in sources)


def _raw() -> dict:
    from importlib import resources

    import yaml

    return yaml.safe_load(resources.files("summarizer").joinpath("data/lexicon.yaml").read_text(encoding="utf-8"))


def test_a_trigger_without_an_example_is_refused() -> None:
    import yaml

    raw = _raw()
    raw["classes"][0]["triggers"][0]["examples"] = []
    with pytest.raises(ConfigError, match="examples"):
        parse_lexicon(yaml.safe_dump(raw))


def test_an_unknown_role_arc_or_term_list_is_refused() -> None:
    import yaml

    raw = _raw()
    raw["classes"][0]["roles"]["agent"].append("subject")
    with pytest.raises(ConfigError, match="unknown arc"):
        parse_lexicon(yaml.safe_dump(raw))
    raw = _raw()
    raw["classes"][0]["triggers"][0]["requires_term"] = "no_such_list"
    with pytest.raises(ConfigError, match="unknown term list"):
        parse_lexicon(yaml.safe_dump(raw))


def test_a_lexicon_passed_in_replaces_the_shipped_one() -> None:
    import yaml

    raw = _raw()
    raw["classes"] = [c for c in raw["classes"] if c["name"] != "launch"]
    lex = parse_lexicon(yaml.safe_dump(raw))
    assert isinstance(lex, Lexicon)
    text = next(example_text(ex) for c in LEX.classes if c.name == "launch" for ex in c.triggers[0].examples)
    assert any(f.verb_class == "launch" for f in find(text))
    assert not any(f.verb_class == "launch" for f in find(text, lex))


def test_every_example_is_quoted_verbatim_or_cited_by_a_span_that_is_one_sentence() -> None:
    import re
    from pathlib import Path

    import yaml

    fixtures = Path(__file__).resolve().parents[1] / "evals" / "fixtures"
    examples = [ex for c in LEX.classes for t in c.triggers for ex in t.examples]
    examples += [ex for cue in LEX.cues.values() for ex in cue.examples]
    examples += list(LEX.compounds.examples) if LEX.compounds else []
    examples += [ex for n in LEX.not_proposals for ex in n.examples]
    examples += [ex for n in LEX.not_exchanges for ex in n.examples]
    examples += [ex for va in LEX.verbal_attack for ex in va.examples]
    wrong = []
    for ex in examples:
        if ex.span is not None:
            sentence = corpus_text(ex.source, ex.span)
            # a citation points at whole words of the record, never at an empty or cut-off stretch
            whole = corpus_text(ex.source)
            a, b = ex.span
            if len(sentence.strip()) < 10 or (a and whole[a - 1] != " ") or (b < len(whole) and whole[b] != " "):
                wrong.append(ex.source)
        elif m := re.match(r"fixture (\S+) \(dev\)$", ex.source):
            text = yaml.safe_load((fixtures / f"{m.group(1)}.yaml").read_text(encoding="utf-8"))["article"]["text"]
            if ex.text not in text:
                wrong.append(ex.source)
        else:
            wrong.append(ex.source)
    assert not wrong, wrong


def test_the_package_quotes_no_corpus_sentence() -> None:
    # RAMS and GENEVA are kept out of the package (their licences differ from the project's): no lexicon example
    # carries a corpus sentence's text, and the cited sentences appear nowhere in the shipped data files.
    from importlib import resources

    cited = [ex for c in LEX.classes for t in c.triggers for ex in t.examples if ex.span is not None]
    assert cited and all(ex.text is None for ex in cited)
    shipped = "".join(
        f.read_text(encoding="utf-8")
        for f in resources.files("summarizer").joinpath("data").iterdir()
        if f.name.endswith((".yaml", ".json"))
    )
    assert not [ex.source for ex in cited if corpus_text(ex.source, ex.span) in shipped]


def _fired_on(text: str, is_word: Callable[[Token], bool], category: Category) -> tuple[list[Token], list[Found]]:
    """The example's words that ``is_word`` picks, and the items of ``category`` the finder emits on one of them."""
    words = [t for t in pipeline()(text) if is_word(t)]
    found = [f for f in find(text) if f.category is category]
    return words, [f for f in found for w in words if f.start <= w.idx < f.end]


NOT_PROPOSALS = [(n, ex) for n in LEX.not_proposals for ex in n.examples]


@pytest.mark.parametrize(
    ("entry", "example"), NOT_PROPOSALS, ids=[f"{n.lemma}/{i}" for i, (n, _) in enumerate(NOT_PROPOSALS)]
)
def test_no_proposal_fires_on_a_word_the_guidelines_say_is_none(entry, example) -> None:
    # a threat, a vow, an oath, a warning (evals/GUIDELINES.md §4, §12): the example holds the word, and no proposal
    # the finder emits sits on it
    words, on_word = _fired_on(
        example_text(example),
        lambda t: t.lemma_.lower().startswith(entry.lemma) or t.lower_.startswith(entry.lemma),
        Category.proposals,
    )
    assert words, f"{entry.lemma}: not in its example ({example.source})"
    assert not on_word, f"{entry.lemma}: a proposal fired on it ({example.source}): {on_word}"


def test_a_word_cannot_be_both_a_proposal_trigger_and_none() -> None:
    bad = (
        "version: 1\nterms: {}\nsupport_verbs: []\ncues: {}\n"
        "classes:\n  - {name: offer, coding: x, category: proposals, kind: offer, roles: {}, triggers: [{lemma: vow, "
        "examples: [{text: 'Poland has vowed to boost military spending.', source: fixture x (dev)}]}]}\n"
        "not_proposals:\n  - {lemma: vow, reason: 'GUIDELINES section 4', examples: [{text: 'Poland has vowed to boost "
        "military spending.', source: fixture x (dev)}]}\n"
    )
    with pytest.raises(ConfigError, match="both"):
        parse_lexicon(bad)


VERBAL = [(va, ex) for va in LEX.verbal_attack for ex in va.examples]


@pytest.mark.parametrize(("entry", "example"), VERBAL, ids=[f"{va.lemmas[0]}/{i}" for i, (va, _) in enumerate(VERBAL)])
def test_no_military_event_fires_on_an_attack_told_of_criticism(entry, example) -> None:
    # "viciously attacked him", "attack my character", "a war of words" (evals/GUIDELINES.md §6, §12): the example holds
    # an attack or contest word and the finder emits no military event on it
    words, on_word = _fired_on(
        example_text(example), lambda t: t.lemma_.lower() in entry.lemmas, Category.military_events
    )
    assert words, f"no attack word in its example ({example.source})"
    assert not on_word, f"a military event fired on it ({example.source}): {on_word}"


NOT_EXCHANGES = [(n, ex) for n in LEX.not_exchanges for ex in n.examples]


@pytest.mark.parametrize(
    ("entry", "example"), NOT_EXCHANGES, ids=[f"{n.lemma}/{i}" for i, (n, _) in enumerate(NOT_EXCHANGES)]
)
def test_no_exchange_fires_on_a_gift(entry, example) -> None:
    # a donation, funding (evals/GUIDELINES.md §5: one way, nothing in return): the example holds the word, and no
    # exchange the finder emits sits on it
    words, on_word = _fired_on(example_text(example), lambda t: t.lemma_.lower() == entry.lemma, Category.exchanges)
    assert words, f"{entry.lemma}: not in its example ({example.source})"
    assert not on_word, f"{entry.lemma}: an exchange fired on it ({example.source}): {on_word}"


def test_a_word_cannot_be_both_an_exchange_trigger_and_none() -> None:
    bad = (
        "version: 1\nterms: {}\nsupport_verbs: []\ncues: {}\n"
        "classes:\n  - {name: payment, coding: x, category: exchanges, kind: payment, roles: {}, triggers: [{lemma: "
        "donate, examples: [{text: 'Schmidt donated over $100k to the Forum.', source: fixture x (dev)}]}]}\n"
        "not_exchanges:\n  - {lemma: donate, reason: 'GUIDELINES section 5', examples: [{text: 'Schmidt donated over "
        "$100k to the Forum.', source: fixture x (dev)}]}\n"
    )
    with pytest.raises(ConfigError, match="both"):
        parse_lexicon(bad)


#: Words in another sense than a proposal's, cited from RAMS dev (the lexicon's comments beside each trigger say why):
#: a records request, a source asking for anonymity, an appeal that attracts, what a text "offers".
OTHER_SENSES = [
    ("request", "RAMS dev nw_RC3f7d26d4d9491aa3aacdca8db0dfff35492005e8083b3b1c3cc5bc02", (0, 234)),
    ("request", "RAMS dev nw_RC6f8cf6457ca9fa056913f542ea89cced916c48ea4f3a95e21bdb2a1b", (1217, 1329)),
    ("request", "RAMS dev nw_RC8cf92272bb46fcebd0e6132b4477afd3564fe2089623a6940ed2ea79", (90, 295)),
    ("request", "RAMS dev nw_RC5fdfbd87737eb368aea077929301afcc74f092c3b50df1c177ac3740", (233, 359)),
    ("ask", "RAMS dev nw_RC30c26ff74ffd440572655655f28572c59cf880d3fca0b82ec7abe84a", (340, 550)),
    ("appeal", "RAMS dev nw_RC03484c5896c7bbe464760e2f8d02630b1e888285b4fcd00d2b75bcf5", (0, 270)),
    ("appeal", "RAMS dev nw_RC34591300b2a2d96e69985bde0ddc1cbb1e22f4123753ae02f832ef62", (576, 692)),
    ("appeal", "RAMS dev nw_RC5afe5acac45481183476cb84b262e3c1733af585e95114d2a2865053", (0, 72)),
    ("appeal", "RAMS dev nw_RC74b01aadedc02d0869f2aaed0cb1423f27d274f1b1e7ed08b257eb96", (485, 883)),
    ("appeal", "RAMS dev nw_RC9ebbed7702f23fa34bd900d1c7d7382a60464f15eba3bdd5d64942a4", (120, 283)),
    ("offer", "RAMS dev nw_RCc917de51e2f0f25c7116cb52c4e4877ad3983403237df137b18975eb", (529, 774)),
    ("offer", "RAMS dev nw_RC454bcbd092383d318332590f112a2000a722c32ecebbf376742370ac", (593, 914)),
    ("offer", "RAMS dev nw_RCc74821b52cd8938747b21ff6a7764f5649bd1ee118b0763fd14db899", (729, 1031)),
    ("offer", "RAMS dev nw_RCd842c5abb59681560c2af102a56f41b018cd51598ae5cea226ab22b5", (423, 616)),
]


@pytest.mark.parametrize(
    ("lemma", "source", "span"), OTHER_SENSES, ids=[f"{x[0]}/{i}" for i, x in enumerate(OTHER_SENSES)]
)
def test_no_proposal_fires_on_a_word_in_another_sense(lemma: str, source: str, span: tuple[int, int]) -> None:
    text = corpus_text(source, span)
    doc = pipeline()(text)
    words = [t for t in doc if t.lemma_.lower() == lemma]
    assert words, f"{lemma}: not in {source}"
    proposals = [f for f in find(text) if f.category is Category.proposals]
    assert not [f for f in proposals for w in words if f.start <= w.idx < f.end], f"{lemma} fired in {source}"
