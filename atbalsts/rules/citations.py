"""Where each rule is written, cited the way a person reads the law.

Every rule the product applies names its source. A social worker checks the product against
the regulation on her desk, so the citation is the one a Latvian legal text uses
("Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344, 4. punkts"), and in English the
form of the official translations ("Cabinet Regulation No. 344 of 16 July 2019, para. 4"). The
rules carry the Latvian citation as plain text (the API and the documents are Latvian first);
:func:`citation_in` gives the English twin of any citation made here.

Which values of Regulation No. 344 are carried over from No. 889 is documented in
``docs/rules.md`` and kept in :attr:`atbalsts.rules.rulesets.RuleSet.carried_over`; it is a
matter for the administrator, never a note beside a citation.
"""

from __future__ import annotations

from dataclasses import dataclass

LATVIAN = "lv"

_KNOWN: dict[str, Citation] = {}


@dataclass(frozen=True)
class Citation:
    """One source, in Latvian and in English."""

    lv: str
    en: str

    def __post_init__(self) -> None:
        # Every citation made is known to citation_in: the rules hand out the Latvian text.
        _KNOWN[self.lv] = self

    def in_language(self, language: str) -> str:
        return self.lv if language == LATVIAN else self.en

    def joined(self, other: Citation) -> Citation:
        """This source and ``other`` together, as one citation ("…; …")."""
        return Citation(f"{self.lv}; {other.lv}", f"{self.en}; {other.en}")


@dataclass(frozen=True)
class Instrument:
    """A law, a regulation or the methodological recommendations."""

    lv: str
    en: str

    def whole(self) -> Citation:
        return Citation(self.lv, self.en)

    def paragraph(self, number: str) -> Citation:
        """A numbered paragraph of a Cabinet regulation ("4.¹" → "4.¹ punkts", "para. 4.1")."""
        return Citation(f"{self.lv}, {number} punkts", f"{self.en}, para. {_plain(number)}")

    def annex(self, number: int) -> Citation:
        return Citation(f"{self.lv}, {number}. pielikums", f"{self.en}, annex {number}")

    def section(self, lv: str, en: str) -> Citation:
        """A section or chapter named in words (for the recommendations)."""
        return Citation(f"{self.lv}, {lv}", f"{self.en}, {en}")


def _plain(number: str) -> str:
    """Latvian paragraph numbers end with a dot and raise the sub-number: "4.¹" → "4.1"."""
    return number.rstrip(".").replace(".¹", ".1").replace(".²", ".2")


MK_889 = Instrument(
    "Ministru kabineta 2006. gada 31. oktobra noteikumi Nr. 889",
    "Cabinet Regulation No. 889 of 31 October 2006",
)
MK_344 = Instrument(
    "Ministru kabineta 2019. gada 16. jūlija noteikumi Nr. 344",
    "Cabinet Regulation No. 344 of 16 July 2019",
)
CRIMINAL_LAW = Instrument("Krimināllikums", "Criminal Law")
RECOMMENDATIONS = Instrument(
    "Metodiskie ieteikumi pašvaldību sociālajiem dienestiem par darbu ar cilvēku tirdzniecības"
    " upuriem",
    "Methodological recommendations for municipal social services on working with victims of"
    " human trafficking",
)

_PARTS_LV = {1: "pirmā", 2: "otrā", 3: "trešā"}


def criminal_law(section: str, *parts: int) -> Citation:
    """Sections of the Criminal Law: ``criminal_law("154.²", 1, 2)`` →
    "Krimināllikuma 154.² panta pirmā un otrā daļa" / "Criminal Law, section 154.2(1) and (2)".
    """
    if not parts:
        return Citation(
            f"Krimināllikuma {section} pants", f"Criminal Law, section {_plain(section)}"
        )
    words = [_PARTS_LV[part] for part in parts]
    part_lv = words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" un {words[-1]}"
    brackets = [f"({part})" for part in parts]
    part_en = brackets[0] if len(parts) == 1 else ", ".join(brackets[:-1]) + f" and {brackets[-1]}"
    return Citation(
        f"Krimināllikuma {section} panta {part_lv} daļa",
        f"Criminal Law, section {_plain(section)}{part_en}",
    )


def recommendations(section_lv: str, section_en: str) -> Citation:
    """A chapter of the methodological recommendations, named as they name it."""
    return RECOMMENDATIONS.section(f"sadaļa „{section_lv}”", f'chapter "{section_en}"')


def citation_in(text: str, language: str) -> str:
    """``text`` (a Latvian citation made by this module) in ``language``; text this module
    did not make is returned as it is."""
    known = _KNOWN.get(text)
    if known is None:
        return text
    return known.in_language(language)
