"""Every message the people pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Refusals.
NAME_REQUIRED = _("Enter the first name and last name, or mark the person as an anonymous contact.")
ANONYMOUS_HAS_IDENTITY = _(
    "An anonymous contact has no name, personal code, date of birth or contact details. "
    "Clear them, or untick “Anonymous contact”."
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
SEARCH_SECTION_LABEL = _("Find a person")
SEARCH_SECTION_DESCRIPTION = _("Find a person by personal code or full name, exactly.")
REGISTER_SECTION_LABEL = _("Register a person")
REGISTER_SECTION_DESCRIPTION = _(
    "Register a person who asks for help, or an anonymous contact, and open a case."
)
