"""Screening: signs of trafficking, the criteria groups, and the legal definition.

Screening only recommends. It counts the signs found in the interview and says whether the
person should be referred to the service provider (who convenes the specialist commission);
the commission — a human decision — recognises the person. The check against the legal
definition shows which elements of Criminal Law s.154.² the recorded facts cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from atbalsts.rules.catalogue import CRITERIA, CRITERIA_GROUPS, require_codes
from atbalsts.rules.citations import MK_889, criminal_law, recommendations
from atbalsts.rules.dates import add_years
from atbalsts.rules.errors import RuleInputError
from atbalsts.rules.rulesets import NoRuleSetInForceError, rule_set_for

MINOR_AGE = 18
"""A minor (nepilngadīgais) is a person under 18 (KL 154.² (2); the seed quotes the UN
Protocol: "ikviena persona, kas jaunāka par 18 gadiem")."""

YOUNG_CHILD_AGE = 14
"""A young child (mazgadīgais) is a person under 14 (KL 154.¹ (3); docs/domain.md "Age")."""

MAX_AGE = 130

_COMMISSION = recommendations(
    "Speciālistu komisijas darbs", "The work of the specialist commission"
)
_SIGNS = recommendations(
    "Pazīmes, kas liecina, ka persona ir tikusi ekspluatēta",
    "Signs that a person has been exploited",
)
SOURCE_AGE = criminal_law("154.²", 2).lv
SOURCE_SIGNS = _COMMISSION.joined(_SIGNS).joined(MK_889.annex(2)).lv
SOURCE_CRITERIA = MK_889.annex(2).joined(_COMMISSION).lv
SOURCE_ACT = criminal_law("154.²", 1).lv
SOURCE_MEANS = criminal_law("154.²", 1).lv
SOURCE_MEANS_MINOR = criminal_law("154.²", 2).lv
SOURCE_PURPOSE = criminal_law("154.²", 3).lv
SOURCE_DEFINITION = criminal_law("154.²", 1, 2).lv


def age_on(birth_date: date, on: date) -> int:
    """Full years of age on ``on``.

    A person turns a year older on the anniversary of the birth date; a person born on
    29 February does so on 28 February in a common year (docs/domain.md "How we read the
    numbers": anniversaries). A birth date after ``on`` is an input error.
    """
    if birth_date > on:
        raise RuleInputError("birth_date", f"{birth_date.isoformat()} is after {on.isoformat()}")
    years = on.year - birth_date.year
    if add_years(birth_date, years) > on:
        years -= 1
    return years


def is_minor(birth_date: date, on: date) -> bool:
    """Under 18 on ``on`` (KL 154.² (2); docs/domain.md "Age")."""
    return age_on(birth_date, on) < MINOR_AGE


def is_young_child(birth_date: date, on: date) -> bool:
    """Under 14 on ``on`` — a mazgadīgais (KL 154.¹ (3); docs/domain.md "Age")."""
    return age_on(birth_date, on) < YOUNG_CHILD_AGE


@dataclass(frozen=True)
class ScreeningInput:
    """What the interview recorded. Codes are catalogue codes: ``indicators``, ``criteria``
    items as ``"<group>.<item>"``, ``acts`` (legal_acts), ``means`` (legal_means) and
    ``purposes`` (exploitation_forms). ``birth_date`` wins over ``age`` when both are given."""

    assessed_on: date
    birth_date: date | None = None
    age: int | None = None
    indicators: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    acts: tuple[str, ...] = ()
    means: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DefinitionResult:
    """Which elements of the legal definition (KL 154.²) the recorded facts cover."""

    act: bool
    means: bool
    means_required: bool
    purpose: bool
    complete: bool


@dataclass(frozen=True)
class Explanation:
    """One conclusion, why, and where the rule is written."""

    code: str
    text_lv: str
    text_en: str
    source: str


@dataclass(frozen=True)
class ScreeningResult:
    """The answer of :func:`screen` (the API returns these fields as they are)."""

    rule_set: str
    is_minor: bool | None
    signs_found: int
    refer_to_provider: bool
    criteria_groups_met: tuple[str, ...]
    definition: DefinitionResult
    explanation: tuple[Explanation, ...]


def _minor_from_input(data: ScreeningInput) -> bool | None:
    if data.birth_date is not None:
        return is_minor(data.birth_date, data.assessed_on)
    if data.age is not None:
        if not 0 <= data.age <= MAX_AGE:
            raise RuleInputError("age", f"must be between 0 and {MAX_AGE}, not {data.age}")
        return data.age < MINOR_AGE
    return None


def _age_explanation(minor: bool | None) -> Explanation:
    if minor is None:
        return Explanation(
            "age.unknown",
            "Vecums nav zināms: pieņem, ka persona ir pilngadīga un līdzekļi ir jākonstatē.",
            "Age unknown: the person is taken to be an adult, so a means must be found.",
            SOURCE_AGE,
        )
    if minor:
        return Explanation(
            "age.minor",
            "Persona novērtēšanas dienā ir jaunāka par 18 gadiem (nepilngadīga).",
            "The person is under 18 on the day of the assessment (a minor).",
            SOURCE_AGE,
        )
    return Explanation(
        "age.adult",
        "Persona novērtēšanas dienā ir vismaz 18 gadus veca (pilngadīga).",
        "The person is 18 or older on the day of the assessment (an adult).",
        SOURCE_AGE,
    )


def _signs_explanation(signs: int) -> Explanation:
    if signs:
        return Explanation(
            "signs.refer",
            f"Konstatētas {signs} pazīmes vai kritēriji; jau viena pazīme ir pamats informēt"
            " pakalpojuma sniedzēju, kas sasauc speciālistu komisiju.",
            f"{signs} sign(s) or criteria found; one sign is enough to refer the person to the"
            " service provider, who convenes the specialist commission.",
            SOURCE_SIGNS,
        )
    return Explanation(
        "signs.none",
        "Nav konstatēta neviena pazīme vai kritērijs; nosūtīšana nav ieteikta, bet"
        " sociālais darbinieks turpina vērot situāciju.",
        "No sign or criterion found; referral is not recommended, the social worker keeps"
        " watching the situation.",
        SOURCE_SIGNS,
    )


def _definition(
    data: ScreeningInput, minor: bool | None
) -> tuple[DefinitionResult, tuple[Explanation, ...]]:
    act = bool(data.acts)
    means = bool(data.means)
    means_required = minor is not True
    purpose = bool(data.purposes)
    complete = act and purpose and (means or not means_required)
    result = DefinitionResult(
        act=act, means=means, means_required=means_required, purpose=purpose, complete=complete
    )
    explanations = [
        Explanation(
            "definition.act",
            "Darbība (savervēšana, pārvadāšana, nodošana, slēpšana, izmitināšana vai saņemšana) "
            + ("ir konstatēta." if act else "nav konstatēta."),
            "An act (recruitment, transportation, transfer, concealment, accommodation or"
            " receipt) " + ("is found." if act else "is not found."),
            SOURCE_ACT,
        )
    ]
    if not means_required:
        explanations.append(
            Explanation(
                "definition.means",
                "Līdzeklis nav jākonstatē, jo persona ir nepilngadīga.",
                "No means needs to be found, because the person is a minor.",
                SOURCE_MEANS_MINOR,
            )
        )
    else:
        explanations.append(
            Explanation(
                "definition.means",
                "Līdzeklis (vardarbība vai draudi, aizvešana ar viltu, atkarības vai"
                " ievainojamības izmantošana, labumi piekrišanas panākšanai) "
                + ("ir konstatēts." if means else "nav konstatēts, bet ir nepieciešams."),
                "A means (violence or threats, abduction by deceit, abuse of dependency or"
                " vulnerability, benefits to obtain consent) "
                + ("is found." if means else "is not found, but is required."),
                SOURCE_MEANS,
            )
        )
    explanations.append(
        Explanation(
            "definition.purpose",
            "Ekspluatācijas nolūks " + ("ir konstatēts." if purpose else "nav konstatēts."),
            "A purpose of exploitation " + ("is found." if purpose else "is not found."),
            SOURCE_PURPOSE,
        )
    )
    explanations.append(
        Explanation(
            "definition.complete",
            (
                "Konstatētie fakti atbilst visiem cilvēku tirdzniecības jēdziena elementiem."
                if complete
                else "Konstatētie fakti vēl neatbilst visiem cilvēku tirdzniecības jēdziena"
                " elementiem."
            ),
            (
                "The facts found cover every element of the definition of trafficking."
                if complete
                else "The facts found do not yet cover every element of the definition."
            ),
            SOURCE_DEFINITION,
        )
    )
    return result, tuple(explanations)


def screen(data: ScreeningInput) -> ScreeningResult:
    """Screen what an interview recorded.

    * ``signs_found`` counts the distinct signs of exploitation (the seed's list of 18) and
      the distinct criteria items (MK 889 2. pielikums) recorded.
    * ``refer_to_provider`` is true when one or more signs are found: "Ja pakalpojuma
      sniedzējs intervijas laikā konstatē vienu vai vairākas pazīmes …, tad tiek sasaukta
      komisija" (seed §"Speciālistu komisijas darbs"; for the social service, §"Sociālā
      dienesta darbs…": inform the provider first).
    * ``criteria_groups_met`` lists, in the annex's order, the groups with an item found.
    * ``definition`` checks act + means + purpose (KL 154.² (1)); for a minor the means is
      not required (KL 154.² (2)); when the age is unknown the means is required.
    * ``is_minor`` is decided on ``assessed_on``: from ``birth_date`` if given, else from
      ``age``; None when neither is known.

    Unknown codes raise :class:`UnknownCodeError` naming the field; a birth date after the
    assessment, or an impossible age, raises :class:`RuleInputError`.
    """
    try:
        rule_set = rule_set_for(data.assessed_on)
    except NoRuleSetInForceError as exc:
        raise RuleInputError("assessed_on", str(exc)) from exc
    indicators = require_codes("indicators", "indicators", data.indicators)
    criteria = require_codes("criteria", "criteria", data.criteria)
    require_codes("acts", "legal_acts", data.acts)
    require_codes("means", "legal_means", data.means)
    require_codes("purposes", "exploitation_forms", data.purposes)
    minor = _minor_from_input(data)

    signs = len(indicators) + len(criteria)
    found_groups = {code.split(".", 1)[0] for code in criteria}
    groups_met = tuple(group for group in CRITERIA if group in found_groups)
    definition, definition_explanations = _definition(data, minor)

    explanation = [_age_explanation(minor), _signs_explanation(signs)]
    explanation += [
        Explanation(
            f"criteria.{group}",
            f"Kritēriju grupa izpildīta: {CRITERIA_GROUPS[group].lv}.",
            f"Criteria group met: {CRITERIA_GROUPS[group].en}.",
            SOURCE_CRITERIA,
        )
        for group in groups_met
    ]
    explanation += definition_explanations
    return ScreeningResult(
        rule_set=rule_set.id,
        is_minor=minor,
        signs_found=signs,
        refer_to_provider=signs >= 1,
        criteria_groups_met=groups_met,
        definition=definition,
        explanation=tuple(explanation),
    )
