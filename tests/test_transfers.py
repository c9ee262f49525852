"""Non-violent military events and the trades around them, on real sentences (issue 9, the fifth batch's kind): arms
deliveries named by their own verbs, a delivery with only its recipient named, port calls and visits, exercises framed
by a visit, arms deals.

Every sentence is quoted verbatim from a dev fixture (evals/splits.yaml; dev_batch5 and the first batch) or read by
record and span from GENEVA val (tests/corpus.py); none comes from a held-out fixture.
"""

from __future__ import annotations

import datetime as dt

from summarizer.extractor import Found, find
from summarizer.lexicon import load_lexicon
from summarizer.schema import Category, EventKind, EventStatus

from .brief_items import merged_drafts, merged_events
from .corpus import corpus_text, example_text


def _events(text: str, kind: str | None = None) -> list[Found]:
    return [f for f in find(text) if f.category is Category.military_events and (kind is None or f.kind == kind)]


def test_warships_that_arrive_on_a_visit_are_the_visit_not_a_delivery() -> None:
    # fixture chinese_warships_karachi_goodwill_visit_2017 (dev)
    text = (
        "Karachi: Three Chinese warships have arrived on a four-day goodwill and training visit at Pakistan's "
        "southern port city of Karachi."
    )
    events = _events(text)
    assert [f.kind for f in events] == ["military_visit"]
    assert events[0].agents == ["China"]
    # the state the article sets the city in goes with it (GUIDELINES §6: place, region, country)
    assert events[0].location == "Karachi, Pakistan"


def test_a_ships_port_visit_is_a_military_visit_of_its_navys_state() -> None:
    # fixture uss_america_port_visit_valparaiso_2014 (dev)
    text = (
        "VALPARAISO, Chile (NNS) -- The future amphibious assault ship USS America (LHA 6) arrived to Valparaiso, "
        "Chile for a scheduled port visit, Aug. 24."
    )
    (visit,) = _events(text, "military_visit")
    assert visit.agents == ["United States"]


def test_a_visit_named_as_the_time_frame_of_exercises_is_not_a_second_item() -> None:
    # fixture uss_america_port_visit_valparaiso_2014 (dev)
    text = (
        "During the visit, Sailors and Marines assigned to USS America and Special Purpose Marine Air-Ground Task "
        "Force (SPMAGTF) South will conduct bilateral exercises with the Chilean Navy, offer ship tours, host a "
        "reception for Chilean guests and distinguished officials, and participate in a local community relations "
        "project with a children's home in the area."
    )
    events = _events(text)
    assert [f.kind for f in events] == ["exercise"]
    assert events[0].partners == ["Chile"]
    assert events[0].event_status() is EventStatus.planned


def test_an_exercise_by_a_unit_named_by_a_common_noun_is_kept_beside_its_named_partner() -> None:
    # fixture chinese_warships_karachi_goodwill_visit_2017 (dev)
    text = (
        "Chang Chun, Jing Zhou and Chao Hu warships of the Peoples Liberation Army Navy are part of a task group "
        "that will hold a Passage Exercise with Pakistan Navy ships to enhance interoperability between the two "
        "navies, officials said."
    )
    (exercise,) = [e for e in merged_events(text) if e.kind is EventKind.exercise]
    assert "Pakistan" in exercise.actors
    assert exercise.status is EventStatus.planned


def test_a_handover_with_only_its_recipient_named_is_a_planned_transfer_to_it() -> None:
    # fixture argentina_buys_24_danish_f16s_2024 (dev): "F-16s" is a weapon although the tagger leaves its plural
    text = "No date for the F-16s to be handed over to Argentina was announced."
    (f,) = _events(text, "arms_transfer")
    assert f.agents == [] and f.others == ["Argentina"]
    assert f.event_status() is EventStatus.planned
    (event,) = merged_events(text)
    assert event.kind is EventKind.arms_transfer and event.actors == ["Argentina"]


def test_jets_promised_as_a_donation_are_a_planned_transfer_whose_recipient_is_not_its_supplier() -> None:
    # fixture argentina_buys_24_danish_f16s_2024 (dev)
    text = "An unspecified number of the remaining jets have been promised to Ukraine as part of a donation."
    (f,) = _events(text, "arms_transfer")
    assert f.lemma == "donation"
    assert "Ukraine" not in f.agents and f.others == ["Ukraine"]
    assert f.event_status() is EventStatus.planned


def test_a_sale_with_no_seller_named_is_no_delivery_the_brief_states() -> None:
    # fixture turkey_f16_sale_depends_on_sweden_nato_vote (dev): the sale is the trade's business, not a handover
    text = (
        "Some members of Congress have publicly stated that in order to support the sale of the F-16 to Turkey, it "
        "is important that it approves Sweden's application to join NATO,\" the department told the TV channel."
    )
    assert not [e for e in merged_events(text) if e.kind is EventKind.arms_transfer]


def test_conjoined_deliveries_share_their_destination_and_merge_with_the_deal_that_exports_them() -> None:
    # fixture south_korea_poland_k2_k9_contracts_2022 (dev)
    ship = (
        "Hyundai Rotem Co. will ship K2 Black Panther tanks, and Hanwha Defense, the defence unit of Hanwha Corp , "
        "will send K9 self-propelled howitzers to Poland, said the Defense Acquisition Program Administration (DAPA)."
    )
    found = {f.lemma: f for f in _events(ship, "arms_transfer")}
    # (the maker stands for its state: data/companies.yaml)
    assert found["ship"].agents == ["South Korea", "Hyundai Rotem"] and found["ship"].others == ["Poland"]
    deal = (
        "Two South Korean companies have agreed a $5.76 billion deal with Poland to export tanks and howitzers, "
        "Seoul’s arms procurement agency said on Saturday (August 27), after Warsaw agreed to ramp up arms imports "
        "amid tensions with Russia."
    )
    (export,) = _events(deal, "arms_transfer")
    assert export.others == ["Poland"] and export.event_status() is EventStatus.planned
    transfers = [e for e in merged_events(deal + "\n\n" + ship) if e.kind is EventKind.arms_transfer]
    assert len(transfers) == 1 and "Poland" in transfers[0].actors


def test_an_arms_deal_is_a_deal_even_when_called_the_biggest_ever() -> None:
    # fixture south_korea_poland_k2_k9_contracts_2022 (dev): "big deal" is an idiom, "biggest ever arms deal" is not
    text = (
        "The contracts, signed in Poland on Friday (August 26), are part of South Korea’s biggest ever arms deal, "
        "clinched last month with Poland, which has been seeking to beef up its military in the face of Russia’s "
        "invasion of neighbouring Ukraine."
    )
    deal = next(f for f in find(text) if f.category is Category.exchanges)
    assert deal.agents == ["South Korea"] and deal.others == ["Poland"]


def test_conjoined_verbs_share_the_weapons_the_last_one_names() -> None:
    # fixture us_offers_turkey_aid_for_bases_before_iraq_war_2003 (dev)
    text = (
        "In the Persian Gulf region over the past two years, the United States has sold, lent or given away $7.5 "
        "billion worth of weaponry, other military equipment and training assistance, according to State "
        "Department figures."
    )
    (f,) = _events(text, "arms_transfer")
    assert f.agents == ["United States"] and f.event_status() is EventStatus.occurred


def test_missiles_not_delivered_are_a_delivery_that_did_not_happen() -> None:
    # GENEVA val 135_23512_4096813_11664_3: the weapons are the noun the participle qualifies
    (f,) = _events(corpus_text("GENEVA val 135_23512_4096813_11664_3", (0, 98)), "arms_transfer")
    assert f.lemma == "deliver" and f.event_status() is EventStatus.cancelled


def test_a_prime_ministers_visit_is_no_military_visit_and_advised_restraint_is_no_deployment() -> None:
    # fixture pakistan_ghaznavi_test_us_urges_dialogue_2003 (dev)
    visit = (
        "The test came as Pakistani Prime Minister Zafarullah Khan Jamali visited Washington, where he has been "
        "asking for US help to redress what Pakistan sees as an imbalance in conventional arms in the subcontinent"
    )
    assert not _events(visit, "military_visit")
    advice = (
        "US State Department spokesman Richard Boucher said initial reactions suggested the test \"doesn't seem to "
        "have heightened tensions in the region\" and he repeated Washington's advice that both countries restrain "
        "their missile programs and not deploy operational nuclear-armed ballistic missiles."
    )
    assert not [e for e in merged_events(advice) if e.kind is EventKind.deployment]


def test_what_a_promise_is_conditional_on_is_not_promised() -> None:
    # fixture putin_ceasefire_offer_withdraw_four_regions (dev)
    text = (
        "Russian President Vladimir Putin promised Friday to “immediately” order a cease-fire in Ukraine and begin "
        "negotiations if Kyiv started withdrawing troops from the four regions annexed by Moscow in 2022 and "
        "renounced plans to join NATO."
    )
    assert not [e for e in merged_events(text) if e.kind is EventKind.deployment]


def test_every_designation_example_names_a_weapon_only_through_the_designation_rule() -> None:
    # lexicon `designations`: "the same P-3 program the US sold to Taiwan" (RAMS dev) is an arms sale because "P-3"
    # names a weapon system; without the rule the sentence names none
    lex = load_lexicon()
    assert lex.designations is not None
    bare = lex.model_copy(update={"designations": None})
    for ex in lex.designations.examples:
        text = example_text(ex)
        with_rule = [f for f in find(text, lex) if f.kind == "arms_transfer"]
        assert with_rule, f"designations: {ex.source}: no transfer found"
        assert not [f for f in find(text, bare) if f.kind == "arms_transfer"]


def test_a_buildup_is_a_deployment_only_where_forces_are_massed() -> None:
    # fixture nato_invites_russia_to_council_as_moscow_awaits_answers (dev): a buildup in and near a place
    near = (
        "State Department spokesman Ned Price said Blinken “stressed the importance of continuing a diplomatic path to "
        "de-escalation surrounding alarming Russian military buildup in and near Ukraine.”"
    )
    (f,) = _events(near, "deployment")
    assert f.agents == ["Russia"]
    # fixture aukus_submarine_deal_san_diego (dev): a military's growth, with no place, is no deployment
    growth = (
        "The AUKUS partnership, announced in 2021, paved the way for Australia's access to nuclear-powered "
        "submarines, which are stealthier and more capable than conventionally powered boats, as a counterweight to "
        "China's military buildup."
    )
    assert not _events(growth, "deployment")


def test_two_stages_of_one_arms_deal_dated_apart_stay_two_exchanges() -> None:
    # fixture south_korea_poland_k2_k9_contracts_2022 (dev); GUIDELINES §12 (the fifth batch): a framework deal and a
    # later contract under it, each with its own date, are two exchanges
    text = (
        "Two South Korean companies have agreed a $5.76 billion deal with Poland to export tanks and howitzers, "
        "Seoul’s arms procurement agency said on Saturday (August 27), after Warsaw agreed to ramp up arms imports "
        "amid tensions with Russia.\n\nThe contracts, signed in Poland on Friday (August 26), are part of South "
        "Korea’s biggest ever arms deal, clinched last month with Poland, which has been seeking to beef up its "
        "military in the face of Russia’s invasion of neighbouring Ukraine."
    )
    deals = merged_drafts(text, Category.exchanges, dt.date(2022, 8, 27))
    assert len(deals) == 2
    assert all({d.side_a.party, d.side_b.party} == {"South Korea", "Poland"} for d in deals)
