"""The extractor's lexicon: event triggers by lemma, the roles they take and the cues that set status and
certainty, as data (``data/lexicon.yaml``) validated at load.

Organised like the political event-coding schemes (CAMEO, PLOVER): verb classes such as *demand*, *appeal*,
*offer*, *assault*, *transfer arms*, *test*, *exercise*, *deploy*, *visit*, each mapped onto one
of the brief's categories. Every trigger carries a real example sentence (a dev fixture, RAMS dev or GENEVA
val; never a held-out fixture) and ``tests/test_lexicon.py`` runs each through the finder. Words the schemes code as
proposals but the labelling guide does not (threats, vows, oaths, warnings) are listed as ``not_proposals``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .data_files import RulesModel, data_path, parse_model, read_data
from .schema import Category, EventKind

Pos = Literal["NOUN", "VERB", "PROPN", "ADJ", "AUX", "SCONJ", "ADP"]

#: A role is filled from one of these arcs of the trigger (or of the verb that supports a noun trigger):
#: a dependency label of a child ("nsubj", "dobj", "poss", "amod", "compound", "dative", "nsubjpass",
#: "agent" = the by-phrase of a passive), or ``prep:WORD`` = the object of that preposition.
_ROLE_SPEC = re.compile(r"^(?:nsubj|nsubjpass|dobj|dative|poss|amod|compound|agent|attr|npadvmod|prep:[a-z ]+)$")

RoleName = Literal["agent", "addressee", "partner", "recipient", "target"]


#: A record of the third-party corpora (../shared/corpora): "RAMS dev <doc_key>" or "GENEVA val <id>".
CORPUS_SOURCE = re.compile(r"^(RAMS|GENEVA) (\w+) (\S+)$")


class Example(RulesModel):
    """A real sentence a rule was written for. A dev fixture's sentence is quoted (``text``); a corpus sentence is
    cited by record and character ``span`` only, because RAMS (CC BY-SA 4.0) and GENEVA (FrameNet, CC BY 3.0)
    are evaluation data under their own licences and stay out of the package; the tests read the sentence from
    ../shared/corpora."""

    text: str | None = Field(default=None, min_length=10, description="A real sentence, verbatim.")
    source: str = Field(min_length=3, description="Where it comes from: fixture id, RAMS/GENEVA record id.")
    span: tuple[int, int] | None = Field(
        default=None, description="For a corpus record: the sentence's [start, end) in the record's text."
    )

    @model_validator(mode="after")
    def _quoted_or_cited(self) -> Example:
        if CORPUS_SOURCE.match(self.source):
            if self.text is not None or self.span is None or not 0 <= self.span[0] < self.span[1]:
                raise ValueError(f"{self.source}: a corpus sentence is cited by span, never quoted")
        elif self.text is None or self.span is not None:
            raise ValueError(f"{self.source}: a fixture sentence is quoted as text, without span")
        return self


class Trigger(RulesModel):
    """One trigger lemma (or a space-separated lemma phrase, matched on consecutive tokens)."""

    lemma: str
    pos: list[Pos] = Field(default_factory=lambda: ["NOUN", "VERB"])
    #: Overrides the class's kind (e.g. ``fire`` + a missile object is a launch).
    kind: EventKind | None = None
    #: The trigger's own phrase must name a word of this term list (``weapon``, ``military``...), or of one of
    #: these lists ("targeted" fires with a weapon or a military unit named).
    requires_term: str | list[str] | None = None
    #: A noun trigger that names a thing as well as an event ("bomb") is an event only when it hangs from one
    #: of these verbs (as subject or object) or one of them modifies it ("a bomb exploded", "detonated a car
    #: bomb", "an atomic bomb dropped on Nagasaki").
    requires_verb: list[str] = Field(default_factory=list)
    #: At least one of these arcs must be present on the trigger (same syntax as roles: "xcomp",
    #: "prep:for", "ccomp", "dobj").
    requires_arc: list[str] = Field(default_factory=list)
    #: A modal (must, should) that is a demand only as what a named speaker says another named party must do.
    modal: bool = False
    #: Vetoes: a modifier (compound/amod/nmod/npadvmod child) or object with one of these lemmas.
    exclude_modifiers: list[str] = Field(default_factory=list)
    exclude_objects: list[str] = Field(default_factory=list)
    #: The item needs its parties from the trigger's own arcs, not from the rest of the sentence (words
    #: like "deal" that a sentence mentions far more often than it reports one).
    roles_required: bool = False
    #: Veto when the word the trigger hangs from has one of these lemmas ("meet [demand]").
    exclude_heads: list[str] = Field(default_factory=list)
    #: Veto when one of these lemmas occurs anywhere in the trigger's clause.
    exclude_context: list[str] = Field(default_factory=list)
    #: Roles of this trigger when they differ from its class's: "tanks ... arrived in Ukraine" names what is moved as
    #: its subject and the recipient after "in", unlike "supply", whose subject is the supplier.
    roles: dict[RoleName, list[str]] | None = None
    #: Vetoes: the trigger has one of these arcs (same syntax as ``requires_arc``): "ordered his forces to attack" is a
    #: command, "ordered 27 F-35A fighter jets" a purchase.
    exclude_arcs: list[str] = Field(default_factory=list)
    #: The trigger tells a transfer still to come whatever its tense: jets "ordered" are a delivery planned.
    planned: bool = False
    #: Veto when the trigger itself hangs from its head by one of these arcs: "the proposed sale" (amod) names a thing
    #: put forward before, not a proposal made.
    exclude_deps: list[str] = Field(default_factory=list)
    examples: list[Example] = Field(min_length=1)

    @field_validator("roles")
    @classmethod
    def _role_specs(cls, v: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
        for role, specs in (v or {}).items():
            for s in specs:
                if not _ROLE_SPEC.match(s):
                    raise ValueError(f"role {role}: unknown arc {s!r}")
        return v

    @field_validator("lemma")
    @classmethod
    def _lower(cls, v: str) -> str:
        if v != v.lower().strip() or not v:
            raise ValueError(f"lemma must be lowercase and trimmed: {v!r}")
        return v

    @property
    def phrase(self) -> tuple[str, ...]:
        return tuple(self.lemma.split())

    @property
    def term_lists(self) -> list[str]:
        if self.requires_term is None:
            return []
        return [self.requires_term] if isinstance(self.requires_term, str) else list(self.requires_term)


class VerbClass(RulesModel):
    name: str
    coding: str = Field(description="The CAMEO / PLOVER category it follows.")
    category: Category
    #: EventKind for military events; for proposals/exchanges the corpus kind (request, offer, demand,
    #: purchase, sale, payment, loan, exchange, agreement), used by the corpus bench only.
    kind: str
    roles: dict[RoleName, list[str]]
    triggers: list[Trigger] = Field(min_length=1)

    @field_validator("roles")
    @classmethod
    def _specs(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for role, specs in v.items():
            for s in specs:
                if not _ROLE_SPEC.match(s):
                    raise ValueError(f"role {role}: unknown arc {s!r}")
        return v

    @model_validator(mode="after")
    def _kind(self) -> VerbClass:
        if self.category is Category.military_events:
            EventKind(self.kind)
        return self


class Cue(RulesModel):
    """A set of lemmas that changes an item's status or certainty when it governs the trigger."""

    lemmas: list[str] = Field(min_length=1)
    examples: list[Example] = Field(min_length=1)


class CompoundPrefixes(RulesModel):
    """Closed compounds English writes as one word ("airstrikes", "counterattack", "gunfire"): a noun that is one
    of these prefixes glued to a trigger lemma is that trigger, the prefix its modifier. One rule instead of one
    entry per compound, so compounds the lexicon never listed are found too."""

    prefixes: list[str] = Field(min_length=1)
    #: The shortest trigger lemma the rule may split off ("air" + "raid"; never "gun" + "s").
    min_rest: int = Field(default=4, ge=3)
    examples: list[Example] = Field(min_length=1)


class NotProposal(RulesModel):
    """A word the third-party corpora file as a proposal and the labelling guide does not (evals/GUIDELINES.md §4, §12):
    a threat, a vow, an oath, a warning. Listed so the decision is data with its reason, and each example is run to
    check that no proposal fires on the word."""

    lemma: str
    reason: str = Field(min_length=10, description="Why it is no proposal: the guideline it follows.")
    examples: list[Example] = Field(min_length=1)


class NotExchange(RulesModel):
    """A word the third-party corpora file as a trade and the labelling guide does not (evals/GUIDELINES.md §5: "one-way
    deliveries for which the article names nothing in return" are no exchange): a donation, a grant of funds. A trade
    told with it is still found by its own words ("in return for", "in exchange for"). Each example is run to check
    that no exchange fires on the word."""

    lemma: str
    reason: str = Field(min_length=10, description="Why it is no exchange: the guideline it follows.")
    examples: list[Example] = Field(min_length=1)


class VerbalAttack(RulesModel):
    """Attack and contest words used of criticism or rivalry ("Trump said the Khans had viciously attacked him",
    "choosing to attack my character and reputation", "a war of words", "a battle royal with Congress"): no armed event
    (evals/GUIDELINES.md §6, §12). The extractor drops such a trigger when what one of its ``arcs`` names is a person
    (a PERSON entity, him, her, me; only where ``persons``) or one of the ``targets`` term list's nouns, or a ``manner``
    adverb qualifies it ("verbally assaulted"), and neither the sentence (a weapon, a killing) nor the trigger's own
    phrase or doer (a soldier, a militant) names anything armed. Each example is run to check that no military event
    fires on the word."""

    lemmas: list[str] = Field(min_length=1)
    #: Where the target or rival is read: role arcs of the trigger (dobj, nsubjpass, prep:on...).
    arcs: list[str] = Field(min_length=1)
    #: The term list of things one attacks or contests only in words (character, reputation, bill, senate...).
    targets: str
    persons: bool = True
    manner: list[str] = Field(default_factory=list)
    reason: str = Field(min_length=10)
    examples: list[Example] = Field(min_length=1)

    @field_validator("arcs")
    @classmethod
    def _arc_specs(cls, v: list[str]) -> list[str]:
        for s in v:
            if not _ROLE_SPEC.match(s):
                raise ValueError(f"unknown arc {s!r}")
        return v


class Designations(RulesModel):
    """Weapon designations ("F-16s", "Su-35S", "P-3", "Mi-17"): letters, a hyphen and a number name a weapon system
    wherever a trigger looks for a weapon term, so systems the term list never named are found too."""

    pattern: str = Field(min_length=3, description="A regular expression a whole token must match (case-sensitive).")
    examples: list[Example] = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"designation pattern does not compile: {e}") from None
        return v


class Lexicon(RulesModel):
    version: int
    compounds: CompoundPrefixes | None = None
    designations: Designations | None = None
    #: Named lists of lemmas (weapon, military...) that triggers can require.
    terms: dict[str, list[str]]
    #: Verbs whose noun object is the event itself ("carried out strikes", "held drills").
    support_verbs: list[str]
    cues: dict[
        Literal[
            "negation",
            "refusal",
            "cancel",
            "denial",
            "future",
            "hypothetical",
            "propose",
            "accept",
            "consider",
            "ongoing",
            "reported",
            "claimed",
            "hedge_reported",
            "hedge_speculative",
            "opinion",
            "confirmed",
            "commentary",
            "reaction",
            "mediation",
        ],
        Cue,
    ]
    classes: list[VerbClass]
    #: Words that are no proposal by the guidelines, though event-coding schemes and the corpora count them.
    not_proposals: list[NotProposal] = Field(default_factory=list)
    #: Words that are no exchange by the guidelines (a donation: nothing in return), though the corpora count them.
    not_exchanges: list[NotExchange] = Field(default_factory=list)
    #: Attack and contest words in the sense of criticism or rivalry: no military event.
    verbal_attack: list[VerbalAttack] = Field(default_factory=list)

    def _triggers_also_excluded(self, category: Category, excluded: list[NotProposal] | list[NotExchange]) -> list[str]:
        triggers = {t.lemma for c in self.classes if c.category is category for t in c.triggers}
        return sorted(triggers & {n.lemma for n in excluded})

    @model_validator(mode="after")
    def _not_both(self) -> Lexicon:
        if both := self._triggers_also_excluded(Category.proposals, self.not_proposals):
            raise ValueError(f"listed both as a proposal trigger and as no proposal: {both}")
        return self

    @model_validator(mode="after")
    def _not_both_exchange(self) -> Lexicon:
        if both := self._triggers_also_excluded(Category.exchanges, self.not_exchanges):
            raise ValueError(f"listed both as an exchange trigger and as no exchange: {both}")
        for va in self.verbal_attack:
            if va.targets not in self.terms:
                raise ValueError(f"verbal_attack: unknown term list {va.targets!r}")
        return self

    @model_validator(mode="after")
    def _terms_exist(self) -> Lexicon:
        for c in self.classes:
            for t in c.triggers:
                for term in t.term_lists:
                    if term not in self.terms:
                        raise ValueError(f"{c.name}/{t.lemma}: unknown term list {term!r}")
        return self


def parse_lexicon(text: str, origin: str = "lexicon") -> Lexicon:
    return parse_model(text, Lexicon, origin, "lexicon")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return parse_lexicon(read_data("lexicon.yaml"), data_path("lexicon.yaml"))
