"""The structured offline extractor: candidate proposals, exchanges and military events from the parse.

For each sentence spaCy gives (``nlp.parse``), every token whose lemma is a trigger of the lexicon
(``data/lexicon.yaml``) is checked against the trigger's conditions (part of speech, required arcs or terms,
vetoes). A trigger that holds becomes a :class:`Found`: its roles are read off the dependency tree (subject
or passive agent vs object, dative, to/with/from phrases; a noun trigger also looks at the verb that
carries it, and a controlled infinitive at its controller), turned into actors through the gazetteer and
spaCy's entities (states canonicalised; non-state groups kept as named), its place from GPE/LOC/FAC
entities, and its status and certainty from the words that govern it (negation, refusal, cancellation,
future, hypothesis, proposal, reported speech, hedges).

Nothing here calls a model; ``strategies/heuristic.py`` turns :class:`Found` items into a draft brief and
``strategies/guided.py`` lets a small model choose among the roles found.

The parts, in the order the data flows (each imports only those before it):

- ``syntax``: word classes of the parse the parts share;
- ``found``: :class:`Found`, what the finder returns;
- ``index``: the lexicon indexed by lemma;
- ``actors``: who (a token turned into a party's name through the gazetteer, entities and common nouns);
- ``arcs``: which tokens stand in which relation to a trigger (controllers, by-agents, governing chains, clauses);
- ``places``: where;
- ``conditions``: whether a trigger holds where it stands;
- ``roles``: the roles a trigger's parse gives (who made the item, read, listed and picked; whom it concerns);
- ``status``: how a trigger is told (who says so, its status flags, how sure);
- ``passes``: passes over the whole article after its sentences;
- ``retold``: tellings of one event;
- ``finder``: ``find_in`` / ``find``, each sentence's triggers read into :class:`Found` items;
- ``background``: event nouns that are only the time or setting of another telling.
"""

from __future__ import annotations

from ..schema import EventKind
from .background import background_setting
from .finder import find, find_in
from .found import Found

__all__ = ["EventKind", "Found", "background_setting", "find", "find_in"]
