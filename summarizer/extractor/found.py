"""What the finder returns: :class:`Found`, one trigger that held, with its roles, place, speakers and the flags
that give its status and certainty; and the token a :class:`Found` stands on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..nlp import Parsed
from ..schema import Category, Certainty, EventStatus, ExchangeStatus, ProposalStatus

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass
class Found:
    """One trigger that held, with what the parse says about it. Offsets are into the article."""

    category: Category
    kind: str
    verb_class: str
    lemma: str
    sentence: Parsed
    start: int
    end: int
    agents: list[str] = field(default_factory=list)
    #: Addressees of a proposal, the other side of an exchange, the recipient of a transfer.
    others: list[str] = field(default_factory=list)
    #: Co-participants of an exercise or a visit (they join the event's actors).
    partners: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    #: Every party the sentence names outside speakers and places (the choices the guided model gets).
    parties: list[str] = field(default_factory=list)
    location: str | None = None
    attributed_to: list[str] = field(default_factory=list)
    negated: bool = False
    refused: bool = False
    cancelled: bool = False
    denied: bool = False
    future: bool = False
    hypothetical: bool = False
    proposed: bool = False
    accepted: bool = False
    considered: bool = False
    ongoing: bool = False
    #: Proposed only by a modifier ("the proposed joint exercise"), with no proposal above it to carry it: the event is
    #: the item, status proposed (GUIDELINES §12, eighth batch: "the model cannot be asked for a proposer the text
    #: lacks").
    proposed_unowned: bool = False
    #: The partners are named by a between-phrase ("exercise between X and Y"): all the parties, none left out.
    between: bool = False
    #: The trade's verb is stated as done or under way ("exchanged prisoners", "is supplying munitions ... in return
    #: for"): past tense, a perfect or a progressive.
    done: bool = False
    #: The trigger's own clause sets a condition ("promised to ... if Kyiv withdrew"): a conditional offer.
    conditional: bool = False
    #: Who must act for the condition to hold ("if Kyiv started withdrawing" → Ukraine): the other side.
    condition_agents: list[str] = field(default_factory=list)
    certainty: Certainty = Certainty.reported
    #: Whether the agent came from the trigger's own arcs (True) or from the sentence around it (False).
    has_subject: bool = True
    #: The agent is a common noun phrase as written ("the coalition", "IS militants"), not a name.
    common_agent: bool = False
    #: The trigger noun is introduced as a new one ("an attack in Tumaco", "another blast"), not referred back to
    #: ("the attack", "their attack", "That attack"): a definite attack with no actor is the one told before.
    indefinite: bool = False
    #: The trigger is counted among many ("the latest in a spate of strikes", "a wave of attacks"): an aggregate, no
    #: item of its own (evals/GUIDELINES.md §6).
    aggregate: bool = False
    #: The common-noun agent is an armed group's people the article leaves unnamed ("Gunmen", "a suicide bomber",
    #: "militant attack"): the attack's actor as written (GUIDELINES §12, fourth batch), unlike "the coalition".
    irregular_agent: bool = False
    #: The agent is a non-state group a state only qualifies, with no name in its phrase ("Colombia's main leftist rebel
    #: group", "Colombian Rebels"): the one group the article names elsewhere is meant (``_name_state_groups``).
    state_group: bool = False
    #: The lexicon entry wants parties from the arcs only (``Trigger.roles_required``).
    roles_required: bool = False
    #: A transfer told from the receiving end ("Japan plans to acquire", "Denmark has ordered", "received"): its
    #: subject is the recipient, named in ``others``.
    receiving: bool = False
    what: str = ""
    #: The words of the trigger's own clause (a contiguous part of the sentence): the evidence when one
    #: sentence reports several items of a category.
    clause: str = ""
    #: The quote the brief cites (set by the strategy: the sentence, or the clause when a sentence holds
    #: several items of a category).
    evidence: str = ""
    #: People the gazetteer does not know, with the state the article gives them ("Iran's President Hassan
    #: Rouhani" → Iran).
    states: dict[str, str] = field(default_factory=dict)
    #: Sides of a trade named only by the article's common noun ("banks", "the countries"), in ``agents`` or ``others``:
    #: no name the article gives, so the brief does not count them as a named party.
    noun_sides: list[str] = field(default_factory=list)
    #: The earlier telling a definite noun with no actor of its own refers back to ("the attack" after "Gunmen
    #: attacked"), whose actor it took (``_retold_actors``): the brief tells the two as one item.
    retells: Found | None = field(default=None, compare=False, repr=False)

    def event_status(self) -> EventStatus:
        if self.negated or self.refused or self.cancelled:
            return EventStatus.cancelled
        if self.proposed:
            return EventStatus.proposed
        if self.future or self.hypothetical:
            return EventStatus.planned
        if self.ongoing:
            return EventStatus.ongoing
        return EventStatus.occurred

    def proposal_status(self) -> ProposalStatus:
        if self.refused or (self.negated and not self.future):
            return ProposalStatus.rejected
        if self.accepted:
            return ProposalStatus.accepted
        if self.considered:
            return ProposalStatus.under_consideration
        if self.certainty is Certainty.opinion or self.lemma == "idea":
            return ProposalStatus.floated
        return ProposalStatus.proposed

    def exchange_status(self) -> ExchangeStatus:
        if self.category is Category.proposals or self.lemma in ("request", "ask"):
            return ExchangeStatus.requested
        if self.negated or self.refused or self.hypothetical or self.certainty is Certainty.speculative:
            return ExchangeStatus.speculated
        # (an order placed is a purchase agreed, not yet carried out: "Denmark has ordered 27 F-35A fighter jets")
        if self.accepted or self.lemma in ("deal", "agreement", "sign", "order"):
            return ExchangeStatus.agreed
        if self.future or self.proposed:
            return ExchangeStatus.offered
        if self.done and self.certainty is not Certainty.claimed:
            # GUIDELINES §5: the article or its credited source states the trade is taking or has taken place
            return ExchangeStatus.carried_out
        if self.certainty is Certainty.confirmed:
            return ExchangeStatus.agreed
        return ExchangeStatus.alleged


def _trigger_token(f: Found) -> Token | None:
    doc = f.sentence.span.doc
    span = doc.char_span(f.start - f.sentence.offset, f.end - f.sentence.offset, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
