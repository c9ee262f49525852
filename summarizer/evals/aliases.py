"""Names an article itself makes one: a party's name and the initials it defines in brackets right after it.

"the African Union Mission in Somalia (AMISOM)" tells the reader that AMISOM and the long name are one party, so
a brief that says one and a fixture that says the other name the same party (evals/GUIDELINES.md §3). Two careful
labellers of the eleventh batch split exactly there (evals/agreement/batch11-b), which is why the scorer reads the
article for such pairs instead of asking labellers to agree on a form.

Only the bracket pattern counts, and only when the initials could abbreviate the name: their first letter is the
name's, and their letters occur in the name in order ("AMISOM" in "African Union Mission in Somalia"). The
gazetteer's own aliases are :func:`gazetteer.same_actor`'s business; this module adds only what one article says.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..gazetteer import canonical, same_actor

__all__ = ["NO_ALIASES", "ArticleAliases", "article_aliases"]

# A run of capitalised words, with the small words a name may hold between them, right before "(INITIALS)".
_NAME_WORD = r"[A-Z][\w'’.-]*"
_LINK = r"(?:of|for|the|in|and|on|de|del|des|la|le|du|al|el)"
_DEFINED = re.compile(rf"({_NAME_WORD}(?:\s+(?:{_LINK}\s+)*{_NAME_WORD})+)\s*\(\s*([A-Z][A-Za-z]{{1,7}})\s*\)")


def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", canonical(name)).encode("ascii", "ignore").decode()
    plain = re.sub(r"^the\s+", "", plain.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", plain).casefold()


def _abbreviates(initials: str, name: str) -> bool:
    letters = [c for c in initials.casefold() if c.isalpha()]
    text = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE).casefold()
    if len([c for c in initials if c.isupper()]) < 2 or not text or letters[0] != text[0]:
        return False
    at = 0
    for c in letters:
        at = text.find(c, at)
        if at < 0:
            return False
        at += 1
    return True


@dataclass(frozen=True)
class ArticleAliases:
    """The article's name ↔ initials pairs, as one group key per name."""

    groups: dict[str, str] = field(default_factory=dict)

    def same(self, a: str, b: str) -> bool:
        """The scorer's test that two names denote one party: the gazetteer's, or one pair of this article."""
        if same_actor(a, b):
            return True
        ga, gb = self.groups.get(_key(a)), self.groups.get(_key(b))
        return ga is not None and ga == gb


NO_ALIASES = ArticleAliases()


def article_aliases(text: str) -> ArticleAliases:
    """Every "Long Name (INITIALS)" pair the text defines whose initials could abbreviate the name."""
    groups: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        words = m.group(1).split()
        initials = m.group(2)
        # The run may begin with words that are no part of the name ("Troops of the African Union Mission ..."):
        # the longest tail the initials abbreviate is the name.
        for start in range(len(words) - 1):
            name = " ".join(words[start:])
            if re.match(rf"{_LINK}\b", name):
                continue
            if _abbreviates(initials, name):
                group = groups.get(_key(initials)) or groups.get(_key(name)) or _key(initials)
                groups[_key(name)] = group
                groups[_key(initials)] = group
                break
    return ArticleAliases(groups)
