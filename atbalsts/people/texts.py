"""Every message the people pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from atbalsts.rules.personal_code import Problem

# Refusals.
ANONYMOUS_HAS_IDENTITY = _(
    "An anonymous contact has no name, personal code, date of birth or contact details. "
    "Clear them, or untick “Anonymous contact”."
)
FIRST_NAME_REQUIRED = _("Enter the first name: it is required unless the contact is anonymous.")
LAST_NAME_REQUIRED = _("Enter the last name: it is required unless the contact is anonymous.")
PERSONAL_CODE_PROBLEMS = {
    Problem.FORMAT: _(
        "The personal code must be in the form DDMMYY-CNNNN (11 digits: the date of birth, "
        "then five digits), or 32XXXX-XXXXX for a code issued since 1 July 2017. Leave it "
        "empty if you do not know it."
    ),
    Problem.CENTURY: _(
        "The seventh digit of the personal code gives the century of birth and can only be "
        "0, 1 or 2. Check the code against the person's document."
    ),
    Problem.DATE: _(
        "The first six digits of the personal code are not a real date (DDMMYY). Check the "
        "code against the person's document."
    ),
    Problem.FUTURE: _(
        "The date of birth in the personal code is after today. Check the first seven "
        "digits against the person's document."
    ),
    Problem.CHECK_DIGIT: _(
        "The last digit of the personal code (the check digit) does not match the others: "
        "a digit is probably mistyped. Check the code against the person's document."
    ),
}
BIRTH_DATE_DIFFERS_FROM_CODE = _(
    "The date of birth differs from the one in the personal code. Correct one of them, or "
    "leave the date of birth empty to take it from the code."
)
SEARCH_TERM_REQUIRED = _("Enter a personal code or a full name.")
EDIT_CONFLICT = _(
    "Someone else saved changes to this person while you were editing. Nothing of yours "
    "has been saved. Compare both versions below, then edit again."
)

# Confirmations.
PERSON_REGISTERED = _("The person %(reference)s has been registered and case %(code)s opened.")
PERSON_UPDATED = _("The changes to %(reference)s have been saved.")
NO_SEARCH_RESULTS = _("Nobody you may see matches exactly. Check the spelling or the code.")

# The menu and the home page (atbalsts/core/navigation.py).
NAME_HELP = _("Required unless the contact is anonymous.")
PERSONAL_CODE_HELP = _("DDMMYY-CNNNN, or 32XXXX-XXXXX if issued since 1 July 2017.")
BIRTH_DATE_HELP = _("Left empty, it is taken from the personal code.")
SEARCH_SECTION_LABEL = _("Find a person")
SEARCH_SECTION_DESCRIPTION = _("Find a person by personal code or full name, exactly.")
REGISTER_SECTION_LABEL = _("Register a person")
REGISTER_SECTION_DESCRIPTION = _(
    "Register a person who asks for help, or an anonymous contact, and open a case."
)
