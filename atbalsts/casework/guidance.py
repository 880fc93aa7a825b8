"""Short in-context guidance from the seed ("Metodiskie ieteikumi …"), keyed by code.

The English msgids are translations of the seed's Latvian sentences; the Latvian catalogue
gives back the seed's own wording.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GUIDANCE: dict[str, tuple[Promise, Promise]] = {
    "what_is_trafficking": (
        _("What is trafficking in human beings?"),
        _(
            "Trafficking in human beings is a gross violation of fundamental human rights and "
            "a serious crime: modern slavery. Its main aim is the exploitation of the person, "
            "usually for profit. It consists of an act, a means and a purpose of "
            "exploitation; for a minor the act and the purpose suffice."
        ),
    ),
    "signs": (
        _("Signs of exploitation"),
        _(
            "If the interview finds one or more signs that the person may have been "
            "trafficked, first inform the service provider contracted by the Ministry of "
            "Welfare: its specialist commission assesses the person against the criteria."
        ),
    ),
    "next_steps": (
        _("What to do next"),
        _(
            "Inform the person of the state-funded social rehabilitation service. Agree on "
            "short- and long-term goals, draw on the person's own resources and involve "
            "other professionals when needed."
        ),
    ),
    "confidentiality": (
        _("Confidentiality"),
        _(
            "The fact that a person has suffered from trafficking is confidential. The "
            "provider may pass information to the social service only with the person's own "
            "consent; the social service keeps the person's problems from spreading among "
            "the municipality's residents."
        ),
    ),
    "follow_up": (
        _("Why follow-up matters"),
        _(
            "The rehabilitation of a victim is a long process, longer than the 180 days of "
            "the state-funded course, and victims are often trafficked again: keep in "
            "contact and note the risk at every contact."
        ),
    ),
    "information_request": (
        _("Asking the provider in writing"),
        _(
            "After the course the social service may ask the provider in writing for the "
            "scope of services given and the progress of the case; the provider answers "
            "with recommendations for further work. This needs the person's consent."
        ),
    ),
}

# Which guidance each case management step shows.
STEP_GUIDANCE: dict[str, tuple[str, ...]] = {
    "assessment": ("what_is_trafficking", "signs", "confidentiality"),
    "target_group_risk": ("signs", "next_steps"),
    "plan": ("next_steps", "confidentiality"),
    "evaluation": ("next_steps",),
    "follow_up": ("follow_up",),
}
