"""Event nouns that are only the time or setting of another telling (``background_setting``)."""

from __future__ import annotations

from .found import Found, _trigger_token
from .index import _default_index, _lemma


def background_setting(f: Found) -> str | None:
    """Why an event noun is only the time or setting of another telling, or None when it is an event told.

    Three sentence structures, each a kind of sentence rather than a word (term lists ``setting_prep``,
    ``war_ending``): an attack named by its own date under "since" dates something else ("Since the Sept. 11
    terrorist attacks ..., foreign military assistance ... has increased"); a war governed by a word of ending it
    ("failed to resolve the conflict", "calls for an end to fighting") is the context of an effort to end it
    (GUIDELINES §6 "Background"), and whoever mediates or calls is no actor of it; a war named with an indefinite
    article as the circumstance of a verb told as future or hypothetical ("its ... military would "struggle" in a
    prolonged war", fixture seed-russia-trilateral-naval-exercise, dev) is a war imagined, not one waged.

    A war under a preposition of time ("after the conflict", "during the Vietnam War") is context by GUIDELINES §6
    too, but the tuning corpora label such mentions as events (RAMS dev
    nw_RCdd345bd15a2dc43ff81e642f1dcd1b5291bf1f0026b609872e462a63, GENEVA val 195_23692_4101291_1939_7), so no rule
    drops them (the gate of evals/SPLITS.md, second wave: the tuning corpora must not fall)."""
    tok = _trigger_token(f)
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    idx = _default_index()
    war = f.kind == "other"
    head = tok.head
    # the preposition just before the noun phrase counts even where the parser hangs it elsewhere ("Since the Sept. 11
    # terrorist attacks ..., foreign military assistance -- mostly grants ... -- has increased": "attacks" parsed as a
    # subject)
    edge = tok.left_edge.i - 1
    before = tok.doc[edge] if edge >= f.sentence.span.start and tok.left_edge.i <= tok.i else None
    since = (tok.dep_ == "pobj" and head.lower_ in idx.terms.get("setting_prep", frozenset())) or (
        before is not None
        and before.pos_ in ("ADP", "SCONJ")
        and before.lower_ in idx.terms.get("setting_prep", frozenset())
    )
    # an attack dates another telling when the phrase names it by its own date ("the Sept. 11 terrorist attacks"); a
    # bare "since the attack" may be the article's own attack (RAMS dev
    # nw_RC1a61820a2636b9a0928f8d0830aa0f84fc9f1689a19c4e2c1b64cc29 labels "his first interview since the attack"), a
    # date after the noun may be a campaign's start ("since the bombing raids began in August 2014", RAMS dev
    # nw_RC2258cd1b49e79ba93d75b5fc12e63b6b2128d2827c37f408e9ec7672), and a war so dated is labelled as an event
    # ("since the 1991 Gulf War", GENEVA val 205_23712_4101368_1939_9)
    if since and not war and any(t.ent_type_ == "DATE" for t in tok.subtree if t.i < tok.i):
        return "a past attack that dates another telling"
    ending = idx.terms.get("war_ending", frozenset())
    if war and tok.dep_ == "pobj" and head.dep_ == "prep" and _lemma(head.head) in ending:
        return "a war someone seeks to end"
    if war and tok.dep_ in ("dobj", "nsubjpass") and _lemma(head) in ending:
        return "a war someone seeks to end"
    # only a war as the circumstance of another verb ("would struggle in a prolonged war"): a planned offensive told as
    # such ("preparing for a possible counter-offensive") is a planned event (GUIDELINES §6 `planned`)
    # (a war as a state of affairs, term list ``war_state``: "planning to kill President Erdogan in a coup" plots one
    # event, RAMS dev nw_RC9dffa179ea611ff03f069384f53a80aa3115aeacb801ea51ebba43d8)
    if (
        war
        and _lemma(tok) in idx.terms.get("war_state", frozenset())
        and (f.future or f.hypothetical)
        and tok.dep_ == "pobj"
        and head.lower_ == "in"
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)
    ):
        return "a war imagined, not waged"
    return None
