"""Every message and guidance text the screening pages show, shared by code and tests.

The guidance is the seed's own advice for each step of the interview ("Metodiskie
ieteikumi…", §"Sociālā dienesta darbs…", the list of signs, Criminal Law s.154.², Cabinet
Regulation No. 889 annex 2); the Latvian catalogue holds the seed's wording.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SCREENING_STARTED = _("The screening has been started. Nothing has to be answered: skip any step.")
STEP_SAVED = _("Saved.")
SAVED_FOR_LATER = _("Saved. You can continue the screening later from the case's screenings.")
SCREENING_COMPLETED = _("The screening has been completed.")
PERSON_INFORMED = _("Recorded: the person was informed about state-funded help on %(date)s.")
ALREADY_COMPLETED = _("This screening is completed and can no longer be changed.")
EDIT_CONFLICT = _(
    "Someone else saved this screening after you opened it. Nothing of yours was saved: "
    "compare the two versions and enter your changes again."
)
AGE_OR_BIRTH_DATE = _("Only when the date of birth is not known: the age the person gives.")
INFORMED_IN_FUTURE = _("The day the person was informed cannot be in the future.")
HEALTH_HIDDEN = _("Health details are shown only to those allowed to see them.")
NOTES_HELP = _("What the person told you, in their own words. Kept encrypted.")

DRAFT_DUE = _("Screening left unfinished for more than 7 days")

# The menu-less entry points: the case page links here.
SECTION_LABEL = _("Screenings")
LEAFLET_SECTION_LABEL = _("Rights leaflet")
LEAFLET_SECTION_DESCRIPTION = _(
    "Print the leaflet on the rights of victims of trafficking, in Latvian or English, to "
    "hand over when you inform a person about state-funded help."
)

# Guidance for each step, in the order of the interview ---------------------------------------

GUIDANCE_START = _(
    "The social worker's task is to gain the person's trust until the person is ready to "
    "disclose their problems (including the fact of trafficking) and to cooperate. Nothing "
    "has to be answered: every step can be skipped and saved for later. Remember: "
    "CONFIDENTIALITY and NON-DISCLOSURE OF PERSONAL DATA must be observed!"
)
GUIDANCE_HOW_TO_ASK = _(
    "Victims of trafficking have often suffered violence or other traumatic events and live "
    "under stress; the person may be aggressive and unable to control themself, or, on the "
    "contrary, very emotional, withdrawn, tearful. If the cause of the person's problems "
    "remains unclear, make every effort to continue the cooperation."
)
GUIDANCE_MIGRATION = _(
    "Questions about migration: did the person go abroad or to another region for a "
    "particular purpose or job, and the like?"
)
GUIDANCE_EMPLOYMENT = _(
    "Questions about employment: was the person forced to do other work than planned or "
    "promised; were they in debt to the employer, with part of their income taken (for "
    "housing, food, transport); did they have to provide sexual services as part of the "
    "work? Find out whether the person could freely dispose of their income, whether they "
    "had to work longer than the set hours a week, what the working conditions were (pay, "
    "hours; watched at the workplace by guards, dogs, locked doors to make escape "
    "impossible), whether the person depends on the employer through family, kinship, work, "
    "tenancy or debts."
)
GUIDANCE_SAFETY = _(
    "Questions about personal safety: was the person intimidated and threatened with "
    "reprisal or deportation; did they feel threatened indirectly, seeing violence done to "
    "others; were basic needs denied, that is, was the person kept without water, food, "
    "sleep, medical care or other basic needs?"
)
GUIDANCE_SOCIAL_TIES = _(
    "Questions about social ties: was the person held in confinement and hidden from their "
    "surroundings, denied contact with other people, constantly controlled, living at the "
    "workplace, allowed outside the workplace only escorted by the employer's "
    "representative, and the like?"
)
GUIDANCE_OBSERVATIONS = _(
    "Notice whether the body shows convincing effects of physical strain or physical force. "
    "Assess how the person answers the questions: reluctantly and/or with prepared, learnt "
    "answers; whether signs of physical violence are visible or the person has suffered "
    "violence before."
)
GUIDANCE_CRITERIA = _(
    'Cabinet Regulation No. 889 annex 2, "Criteria for recognising a person as a victim of '
    'trafficking", helps to assess objectively whether the person has suffered from '
    "trafficking. If the interview finds one or more signs that the person may have suffered "
    "from trafficking, the specialist commission is convened."
)
GUIDANCE_DEFINITION = _(
    "Trafficking is the recruitment, transportation, transfer, concealment, accommodation or "
    "receipt of persons for the purpose of exploitation, using violence or threats, abduction "
    "by deceit, abuse of the person's dependency on the offender or of their vulnerability or "
    "helplessness, or giving or receiving benefits to obtain the consent of the person on "
    "whom the victim depends (Criminal Law s.154.2(1)). For a minor no means is needed "
    "(s.154.2(2)). A person is vulnerable when they have no real or acceptable choice but to "
    "submit (s.154.2(4))."
)
GUIDANCE_NEEDS = _(
    "The main needs with which victims of trafficking turn to the social service; and, in "
    "the interview, pay attention to the person's psychological state or health problems and "
    "their causes. Social work can also prevent trafficking by paying particular attention "
    "to the groups at risk, especially when such a person is preparing to go abroad to look "
    "for work."
)
GUIDANCE_SUMMARY = _(
    "Screening only recommends. It is the specialist commission of the service provider "
    "that recognises a person as a victim of trafficking; the agency decides on the "
    "state-funded service."
)

# Step titles ------------------------------------------------------------------------------------

STEP_TITLES = {
    "start": _("The interview"),
    "migration": _("Migration"),
    "employment": _("Employment"),
    "safety": _("Personal safety"),
    "social_ties": _("Social ties"),
    "observations": _("Observations"),
    "criteria": _("Criteria for recognising a victim"),
    "definition": _("The legal definition"),
    "needs": _("Risk groups, needs and health"),
    "summary": _("Summary"),
}

# The rights leaflet -------------------------------------------------------------------------------

LEAFLET_TITLE = _("Help for victims of trafficking: your rights")
LEAFLET_INTRO = _(
    "If you may have suffered from trafficking, you can receive a state-funded social "
    "rehabilitation service. It is free of charge for you."
)
LEAFLET_COURSE = _(
    "The service lasts up to %(days)s calendar days. It includes psychosocial help "
    "(individual consultations of a social worker, psychologist, lawyer, medical person and "
    "other specialists), safe shelter and accommodation, together with your minor children "
    "if needed, self-care skills, essential goods and services (food, household goods, "
    "medicines, clothing, footwear or money for them, transport costs), restoring or "
    "translating documents, training, education and help in looking for work, and travel "
    "from abroad with an escort."
)
LEAFLET_AFTER = _(
    "After the course you can receive %(consultations)s consultations of %(hours)s hour each "
    "within %(years)s years (lawyer, social worker, psychologist), if you do not receive "
    "support in criminal proceedings."
)
LEAFLET_CRIMINAL = _(
    "If you are recognised as a victim (or a witness) in criminal proceedings on "
    "trafficking, you can receive support in the proceedings: consultations of a lawyer, "
    "social worker and psychologist, an interpreter, help with legal documents and "
    "representation in court, up to %(hours)s hours a year over %(years)s years."
)
LEAFLET_CONFIDENTIAL = _(
    "The fact that you have suffered from trafficking is confidential. The service provider "
    "may pass information about you to the social service only with your consent."
)
LEAFLET_CONTACTS = _("Where to get help")
LEAFLET_RULE_SET = _("According to: %(rule_set)s")

# The dates of the first contact and the interview as the date-order messages name them
# (atbalsts.core.date_order).
DATE_LABELS = {
    "first_contact": (
        pgettext_lazy("date named first", "The date of the first contact"),
        pgettext_lazy("date named second", "the date of the first contact"),
    ),
    "screening": (
        pgettext_lazy("date named first", "The date of the interview"),
        pgettext_lazy("date named second", "the date of the interview"),
    ),
}
