"""Actor gazetteer: find, canonicalise and relate the states, organisations and persons in news text.

States come from pycountry (every ISO 3166-1 country under its common English short name); the
curated ``data/actors.yaml`` adds demonyms, capitals used as metonyms, short forms, organisations,
military units, media and persons. All aliases are compiled into one regex built as a character
trie, so a search costs one pass over the text however many aliases there are.

Matching rules:

* aliases match on word boundaries and case-insensitively, except all-caps aliases of at most five
  letters ("US", "NATO", "U.S."), which match only as written (so "us" is never the United States),
  and the ``title_case_only`` aliases of the data file ("Turkey", "China", "Kim"), which match as
  written, Capitalised, or in ALL CAPS when longer than three letters ("XI" stays a numeral);
* spaces and hyphens inside an alias are interchangeable, any apostrophe matches any other, and an
  alias with diacritics also matches its plain-ASCII spelling ("Erdoğan" / "Erdogan");
* at each position the longest alias wins, and phrases in ``non_actors`` ("Korean War") swallow the
  alias inside them without producing a mention;
* a lowercase-to-uppercase join counts as a word boundary, because scraped pages glue words
  together ("WhatsappRussia", "AP NewsKim"); a possessive does not ("Moscow's Korea" holds no
  "s Korea"), and URLs are skipped whole;
* ``contextual`` patterns of the data file settle ambiguous short names by their left context
  ("NIS Director Kim" is Kim Kyou Hyun, any other bare "Kim" is Kim Jong Un).

Relations: every actor may name the party it acts for (its *affiliation* in the data file).
Persons and military units default to the state of their country, organisations only when they are
state organs. :func:`same_actor` treats an actor and anything up its affiliation chain as the same
party, which is what scoring "who proposed" needs ("Sergei Shoigu" counts as "Russia").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pycountry

from summarizer.companies import load_companies
from summarizer.data_files import load_yaml, read_data
from summarizer.schema import Actor, ActorKind

__all__ = ["Mention", "actor_record", "affiliation", "canonical", "find_actors", "is_media", "same_actor", "states_in"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One actor mention: ``text[start:end] == surface`` (Python str indices, end exclusive)."""

    name: str
    kind: ActorKind
    country: str | None
    surface: str
    start: int
    end: int


# --------------------------------------------------------------------------- normalisation

_APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"
_APOS_RE = re.compile(f"[.{re.escape(_APOSTROPHES)}]")
_NON_WORD_RE = re.compile(r"[\W_]+")
_TOKEN_SPLIT_RE = re.compile(r"[\s\-\u2010\u2011]+")

# Regex atoms shared by every alias; identical atoms let the trie merge branches.
_SEP = r"[\s\-\u2010\u2011]+"
_SEP_AFTER_DOT = r"[\s\-\u2010\u2011]*"  # "N.Korea" as well as "N. Korea"
_APOS_ATOM = f"[{re.escape(_APOSTROPHES)}]"
# Word characters for boundary purposes. U+02BC (modifier apostrophe) is a Unicode letter, but
# pages use it as a possessive apostrophe ("Swedenʼs"), so it must not glue words together.
_WORD = r"[^\W\u02bc]"
# Test the (rare) uppercase letter before the lookbehind so mid-word positions fail fast.
_CAMEL = r"(?=[A-Z])(?<=[a-z])"
# Not right after a possessive or contraction either: "Moscow's Korea policy" holds no "s Korea".
_START = rf"(?:(?<!{_WORD})(?<!\w{_APOS_ATOM})|{_CAMEL})"
_END = rf"(?:(?!{_WORD})|{_CAMEL})"

_SHORT_CAPS_MAX_LETTERS = 5
_URL_GROUP = "url"


def _strip_marks(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def _key(s: str) -> str:
    """Case-, accent- and punctuation-insensitive lookup key ("U.S." and "US" both give "us")."""
    s = _APOS_RE.sub("", _strip_marks(s).casefold())
    return " ".join(_NON_WORD_RE.sub(" ", s).split())


def _is_short_caps(alias: str) -> bool:
    letters = [ch for ch in alias if ch.isalpha()]
    return 0 < len(letters) <= _SHORT_CAPS_MAX_LETTERS and all(ch.isupper() for ch in letters)


# --------------------------------------------------------------------------- regex trie


@dataclass
class _TrieNode:
    children: dict[str, _TrieNode] = field(default_factory=dict)
    terminal: bool = False
    height: int = 0  # longest path below this node, to try longer branches first


def _atoms(alias: str, exact: bool) -> list[str]:
    atoms: list[str] = []
    tokens = [t for t in _TOKEN_SPLIT_RE.split(alias.strip()) if t]
    for i, token in enumerate(tokens):
        if i:
            atoms.append(_SEP_AFTER_DOT if tokens[i - 1].endswith(".") else _SEP)
        for ch in token:
            if ch in _APOSTROPHES:
                atoms.append(_APOS_ATOM)
            elif exact:
                atoms.append(re.escape(ch))
            else:
                atoms.append(_caseless(ch))
    return atoms


def _caseless(ch: str) -> str:
    # Explicit classes instead of re.IGNORECASE: sre skips a branch that starts with a plain
    # literal or class without backtracking, but not one that starts with a case-folded literal,
    # and that fast path is what keeps a 1,000-branch trie cheap.
    low, up = ch.lower(), ch.upper()
    if len(low) != 1 or len(up) != 1 or low == up:
        return re.escape(ch)
    return f"[{re.escape(low)}{re.escape(up)}]"


def _insert(root: _TrieNode, atoms: list[str]) -> None:
    path = [root]
    node = root
    for atom in atoms:
        node = node.children.setdefault(atom, _TrieNode())
        path.append(node)
    node.terminal = True
    for depth, n in enumerate(path):
        n.height = max(n.height, len(atoms) - depth)


def _emit(node: _TrieNode) -> str:
    ordered = sorted(node.children.items(), key=lambda kv: (-kv[1].height, kv[0]))
    alts = [atom + _emit(child) for atom, child in ordered]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    # Greedy optional: prefer the longer alias, fall back to this one if the boundary check fails.
    return f"(?:{body})?" if node.terminal else body


# --------------------------------------------------------------------------- data model


@dataclass
class _Entry:
    name: str
    kind: ActorKind
    country: str | None
    aliases: list[str] = field(default_factory=list)
    canonical_only: list[str] = field(default_factory=list)
    parent: str | None = None  # canonical name of the party this actor acts for
    media: bool = False


@dataclass
class _Gazetteer:
    entries: dict[str, _Entry]
    lookup: dict[str, str]  # _key(alias) -> canonical name
    blocked: frozenset[str]  # _key of non-actor phrases
    contextual: dict[str, str]  # regex group name -> canonical name
    regex: re.Pattern[str]


def _clean_country_name(country: Any) -> str:
    """Common English short name: "Korea, Democratic People's Republic of" -> "North Korea"."""
    name: str = getattr(country, "common_name", None) or country.name
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if ", " in name:
        head, tail = name.split(", ", 1)
        # Inverted official forms ("Virgin Islands, British", "Micronesia, Federated States of")
        # read naturally once turned round; lists such as "Saint Helena, Ascension and ..." don't.
        if tail.endswith((" of", " of the")) or " " not in tail:
            name = f"{tail} {head}"
            name = name[4:] if name.startswith("The ") else name
    return name


def _strip_the(s: str) -> str:
    return s[4:] if s.lower().startswith("the ") else s


def _load_data() -> dict[str, Any]:
    data = load_yaml(read_data("actors.yaml"))
    if not isinstance(data, dict):
        raise ValueError("actors.yaml must be a mapping")
    return data


def _build_entries(data: dict[str, Any]) -> dict[str, _Entry]:
    overrides: dict[str, dict[str, Any]] = data.get("states") or {}
    entries: dict[str, _Entry] = {}
    state_by_code: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        spec = overrides.get(code) or {}
        name = spec.get("name") or _clean_country_name(country)
        auto = [country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)]
        auto.append(_clean_country_name(country))
        aliases = [_strip_the(a) for a in auto if a]
        aliases += list(spec.get("aliases") or [])
        entries[name] = _Entry(
            name=name,
            kind=ActorKind.state,
            country=code,
            aliases=_dedupe(a for a in aliases if a != name),
            canonical_only=list(spec.get("canonical_only") or []),
        )
        state_by_code[code] = name
    unknown = set(overrides) - set(state_by_code)
    if unknown:
        raise ValueError(f"actors.yaml: unknown ISO codes under states: {sorted(unknown)}")

    explicit_parent: dict[str, str | None] = {}
    for spec in data.get("actors") or []:
        name = spec["name"]
        if name in entries:
            raise ValueError(f"actors.yaml: duplicate actor {name!r}")
        kind = ActorKind(spec.get("kind", "other"))
        code = spec.get("country")
        if code is not None and code not in state_by_code:
            raise ValueError(f"actors.yaml: {name!r} has unknown country {code!r}")
        entry = _Entry(
            name=name,
            kind=kind,
            country=code,
            aliases=_dedupe(a for a in spec.get("aliases") or [] if a != name),
            canonical_only=list(spec.get("canonical_only") or []),
            media=bool(spec.get("media")),
        )
        if "affiliation" in spec:
            explicit_parent[name] = spec["affiliation"]
        elif code is not None and (kind in (ActorKind.person, ActorKind.military) or spec.get("organ")):
            entry.parent = state_by_code[code]
        entries[name] = entry
    for name, parent in explicit_parent.items():
        if parent is not None and parent not in entries:
            raise ValueError(f"actors.yaml: {name!r} is affiliated with unknown actor {parent!r}")
        entries[name].parent = parent
    # Arms makers stand for their states (data/companies.yaml, validated in companies.py)
    for company in load_companies().companies:
        state = entries.get(company.state)
        if state is None or state.kind is not ActorKind.state or company.name in entries:
            raise ValueError(f"companies.yaml: {company.name!r}: unknown state {company.state!r} or a name taken")
        entries[company.name] = _Entry(
            name=company.name,
            kind=ActorKind.organization,
            country=state.country,
            aliases=_dedupe(a for a in company.aliases if a != company.name),
            parent=state.name,
        )
    return entries


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _build_lookup(entries: dict[str, _Entry]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    conflicts: list[str] = []
    for entry in entries.values():
        for alias in [entry.name, *entry.aliases, *entry.canonical_only]:
            for variant in {alias, _strip_marks(alias)}:
                key = _key(variant)
                owner = lookup.setdefault(key, entry.name)
                if owner != entry.name:
                    conflicts.append(f"{alias!r}: {owner!r} vs {entry.name!r}")
    if conflicts:
        # One key, two actors: find_actors could not tell which was meant.
        raise ValueError("actors.yaml: ambiguous aliases: " + "; ".join(conflicts))
    return lookup


def _surface_variants(alias: str, title_only: set[str]) -> Iterator[tuple[str, bool]]:
    """Spellings to search for, each with whether it must match case-sensitively.

    ``title_only`` holds lookup keys, so a title-case rule covers every spelling of the alias."""
    for spelling in _dedupe([alias, _strip_marks(alias)]):
        if _key(alias) in title_only:
            forms = [spelling, spelling[:1].upper() + spelling[1:]]
            # No ALL-CAPS form for very short names: "XI" is far more often a Roman numeral.
            if sum(ch.isalpha() for ch in spelling) > 3:
                forms.append(spelling.upper())
            for form in _dedupe(forms):
                yield form, True
        else:
            yield spelling, _is_short_caps(spelling)


def _build_regex(
    entries: dict[str, _Entry], non_actors: list[str], title_only: set[str], contextual: list[dict[str, str]]
) -> tuple[re.Pattern[str], dict[str, str]]:
    root = _TrieNode()
    searchable = [alias for e in entries.values() for alias in (e.name, *e.aliases)]
    known = {_key(a) for a in searchable}
    missing = sorted(a for a in title_only if a not in known)
    if missing:
        raise ValueError(f"actors.yaml: title_case_only names no alias: {missing}")
    for alias in [*searchable, *non_actors]:
        for form, exact in _surface_variants(alias, title_only):
            _insert(root, _atoms(form, exact))
    groups: dict[str, str] = {}
    # URLs first, so slugs such as "north-korea-sends-russia" yield no mentions.
    ctx_alts: list[str] = [rf"(?P<{_URL_GROUP}>(?:https?://|www\.)\S+)"]
    for i, spec in enumerate(contextual):
        if spec["name"] not in entries:
            raise ValueError(f"actors.yaml: contextual pattern for unknown actor {spec['name']!r}")
        group = f"ctx{i}"
        groups[group] = spec["name"]
        ctx_alts.append(f"(?P<{group}>(?i:{spec['pattern']}))")
    body = "|".join([*ctx_alts, _emit(root)])
    return re.compile(f"{_START}(?:{body}){_END}"), groups


@functools.cache
def _gazetteer() -> _Gazetteer:
    data = _load_data()
    entries = _build_entries(data)
    lookup = _build_lookup(entries)
    non_actors = list(data.get("non_actors") or [])
    regex, groups = _build_regex(
        entries,
        non_actors,
        {_key(a) for a in data.get("title_case_only") or []},
        list(data.get("contextual") or []),
    )
    return _Gazetteer(
        entries=entries,
        lookup=lookup,
        blocked=frozenset(_key(p) for p in non_actors),
        contextual=groups,
        regex=regex,
    )


# --------------------------------------------------------------------------- public API


def find_actors(text: str) -> list[Mention]:
    """Every actor mention in ``text``: leftmost-longest, non-overlapping, sorted by start."""
    g = _gazetteer()
    resolve = _resolve_surface
    mentions: list[Mention] = []
    for m in g.regex.finditer(text):
        group = m.lastgroup
        if group == _URL_GROUP:
            continue
        entry = g.entries[g.contextual[group]] if group is not None else resolve(m.group())
        if entry is not None:
            mentions.append(Mention(entry.name, entry.kind, entry.country, m.group(), m.start(), m.end()))
    return mentions


def states_in(text: str) -> list[str]:
    """The states ``text`` names, in order (a state named twice is listed twice)."""
    return [m.name for m in find_actors(text) if m.kind is ActorKind.state]


@functools.lru_cache(maxsize=16384)
def _resolve_surface(surface: str) -> _Entry | None:
    # Surfaces repeat heavily within and across articles, so normalising each once pays off.
    g = _gazetteer()
    key = _key(surface)
    if key in g.blocked:
        return None
    name = g.lookup.get(key)
    # None for a non-actor phrase; a miss cannot happen for a consistent data file.
    return g.entries[name] if name is not None else None


# Words that may surround an actor in a name without changing who it is
# ("Russian President Vladimir Putin", "the Turkish government").
_TITLE_WORDS_TEXT = """
    the a an s of to for in on at by with from president vice prime minister pm premier chancellor king queen
    emir sheikh crown prince sultan supreme leader chairman chairwoman general secretary state foreign
    defense defence interior finance national security adviser advisor spokesman spokeswoman spokesperson
    ambassador envoy chief director commander senior captain colonel admiral gen lt col maj mr mrs ms dr
    former acting deputy head official officials government administration authorities regime leadership
    lawmaker lawmakers representative rep sen senator cabinet office ayatollah
"""
_TITLE_WORDS = frozenset(_TITLE_WORDS_TEXT.split())


def is_title_only(name: str, also: Iterable[str] = ()) -> bool:
    """True for a "name" made only of the words that surround an actor's name ("Defence" of "Defence Minister Rajnath
    Singh", which the small model tags ORG on its own), or of the words in ``also``: it names nobody."""
    words = re.findall(r"[^\W\d_]+", _strip_marks(name).casefold())
    return bool(words) and all(w in _TITLE_WORDS or w in also for w in words)


def _lookup(name: str) -> str | None:
    g = _gazetteer()
    key = _key(name)
    found = g.lookup.get(key)
    if found is None and key.startswith("the "):
        found = g.lookup.get(key[4:])
    return found


@functools.lru_cache(maxsize=8192)
def canonical(name: str) -> str:
    """Canonical actor name for an alias, surface form or canonical name; unknown names come back
    stripped but otherwise unchanged.

    A name that is an actor wrapped in titles ("Russian President Vladimir Putin", "the Turkish
    government") resolves to the person if there is exactly one, else to the single actor named.
    """
    stripped = name.strip()
    found = _lookup(stripped)
    if found is not None:
        return found
    qualified = _qualified(stripped)
    if qualified is not None:
        return qualified
    mentions = find_actors(stripped)
    if not mentions:
        return stripped
    residue = list(stripped)
    for m in mentions:
        residue[m.start : m.end] = [" "] * (m.end - m.start)
    words = re.findall(r"[^\W\d_]+", _strip_marks("".join(residue)).casefold())
    if any(w not in _TITLE_WORDS for w in words):
        return stripped
    persons = {m.name for m in mentions if m.kind is ActorKind.person}
    if len(persons) == 1:
        return persons.pop()
    names = {m.name for m in mentions}
    return names.pop() if len(names) == 1 else stripped


_QUALIFIER = re.compile(r"^(?P<body>.+?)\s*\((?P<qualifier>[^()]+)\)$")


def _qualified(name: str) -> str | None:
    """An LLM's disambiguated name, ``BODY (STATE)`` ("Ministry of Defense (Japan)", "Joint Chiefs of Staff
    (South Korea)"), read as the state's body ("Japan's Ministry of Defense") when the gazetteer knows it."""
    m = _QUALIFIER.match(name)
    if m is None:
        return None
    state = _lookup(m["qualifier"].strip())
    entries = _gazetteer().entries
    if state is None or entries[state].kind is not ActorKind.state:
        return None
    body = _strip_the(m["body"].strip())
    for form in (f"{state}'s {body}", f"{state} {body}"):
        found = _lookup(form)
        if found is not None:
            return found
    return None


def _lineage(name: str) -> list[str]:
    """The actor's affiliation chain, nearest first, ending at a state or a non-state body."""
    entries = _gazetteer().entries
    chain: list[str] = []
    entry = entries.get(name)
    while entry is not None and entry.parent is not None and entry.parent not in chain:
        chain.append(entry.parent)
        entry = entries.get(entry.parent)
    return chain


def affiliation(name: str) -> str | None:
    """The state an actor belongs to or acts for; a state is its own. None when unknown or when
    the actor answers to no state (NATO, Hamas, Wagner Group and its chief)."""
    entries = _gazetteer().entries
    entry = entries.get(canonical(name))
    if entry is None:
        return None
    for candidate in [entry.name, *_lineage(entry.name)]:
        if entries[candidate].kind is ActorKind.state:
            return candidate
    return None


_POSSESSIVE_RE = re.compile(r"^\s*(?:['’]s?)(?=\s|$)")


@functools.lru_cache(maxsize=8192)
def _state_and_rest(name: str) -> tuple[str, str] | None:
    """A name that opens with a state, as the state and the key of the rest: "Ukrainian Navy", "Ukraine's Navy" and
    "Ukraine Navy" all give ("Ukraine", "navy"). None when the name does not open with a state or has nothing after
    it."""
    stripped = _strip_the(name.strip())
    mentions = find_actors(stripped)
    if not mentions or mentions[0].start != 0 or mentions[0].kind is not ActorKind.state:
        return None
    rest = _key(_POSSESSIVE_RE.sub("", stripped[mentions[0].end :]))
    return (mentions[0].name, rest) if rest else None


def same_actor(a: str, b: str) -> bool:
    """True when both names denote the same party: the same actor, or one sits on the other's
    affiliation chain (a person and their state, an agency and its state, a unit and its army), or the same body of
    the same state in its adjectival and possessive forms ("Ukrainian Navy", "Ukraine's Navy": evals/GUIDELINES.md §3
    asks the scorer to treat them as one name) when the gazetteer does not know the body."""
    ca, cb = canonical(a), canonical(b)
    if not ca or not cb:
        return False
    if ca == cb or _key(ca) == _key(cb):
        return True
    if cb in _lineage(ca) or ca in _lineage(cb):
        return True
    sa, sb = _state_and_rest(a), _state_and_rest(b)
    return sa is not None and sa == sb


def actor_record(name: str) -> Actor:
    """The schema record for a name: canonical name, kind, ISO alpha-3 country and known aliases.
    Unknown names give kind ``other`` and no country."""
    c = canonical(name)
    entry = _gazetteer().entries.get(c)
    if entry is None:
        return Actor(name=c, kind=ActorKind.other, country=None, aliases=[])
    return Actor(name=entry.name, kind=entry.kind, country=entry.country, aliases=list(entry.aliases))


def canonical_names(names: Iterable[str]) -> list[str]:
    """Each name as the gazetteer's canonical one where it knows it ("Erdoğan" -> "Recep Tayyip Erdogan",
    "Ministry of Defense (Japan)" -> "Japan's Ministry of Defense"), unknown names as given; no repeats."""
    entries = _gazetteer().entries
    out: list[str] = []
    for name in names:
        if not name or not name.strip():
            continue
        c = canonical(name)
        out.append(c if c in entries else name.strip())
    return _dedupe(out)


def canonical_actors(actors: Iterable[Actor]) -> list[Actor]:
    """A brief's actor records under canonical names, with the gazetteer's kind and country where the
    model left them out; records that turn out to name the same actor become one, aliases pooled."""
    entries = _gazetteer().entries
    merged: dict[str, Actor] = {}
    for actor in actors:
        name = canonical_names([actor.name])
        if not name:
            continue
        entry = entries.get(name[0])
        aliases = [a for a in [*actor.aliases, actor.name] if a != name[0]]
        if name[0] in merged:
            kept = merged[name[0]]
            kept.aliases = _dedupe([*kept.aliases, *aliases])
            continue
        kind = actor.kind if actor.kind is not ActorKind.other or entry is None else entry.kind
        country = actor.country or (entry.country if entry is not None else None)
        merged[name[0]] = Actor(name=name[0], kind=kind, country=country, aliases=_dedupe(aliases))
    return list(merged.values())


def is_media(name: str) -> bool:
    """True for news outlets, state media and press services ("KCNA", "Reuters", "AP News"): they
    are sources of a report, not parties to it."""
    entry = _gazetteer().entries.get(canonical(name))
    return entry is not None and entry.media
