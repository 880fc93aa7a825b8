"""Every message the export pages show, shared by the code and its tests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Export permissions (administration).
GRANT_GIVEN = _("%(user)s may now use the export “%(export)s”.")
GRANT_WITHDRAWN = _("%(user)s may no longer use the export “%(export)s”.")
GRANT_NOT_FOR_ROLE = _("This export cannot be given to a user with this role.")
GRANT_USER_INACTIVE = _("Export permissions cannot be given to a deactivated account.")

# Export names, one per ExportKind.
KIND_LABELS = {
    "statistics_csv": _("Statistics (CSV)"),
    "statistics_xlsx": _("Statistics (Excel)"),
    "htcds": _("Research data (HTCDS)"),
    "recipient_register": _("Register of recipients"),
}

# Requesting an export.
PURPOSE_TOO_SHORT = _("Describe the purpose in at least %(min)d characters.")
KIND_NOT_AVAILABLE = _("This export is not available yet.")
TOO_MANY_REQUESTS = _(
    "You have asked for %(limit)d exports in the last hour. Wait before asking for another."
)
REQUESTED = _(
    "Your export is being prepared. Keep this page open: the passphrase of the file is shown "
    "here once, when it is ready."
)

# Approval of a bulk export (SECURITY.md EX-2).
APPROVED = _("You have approved the export. Its requester can now download it.")
REFUSED = _("You have refused the export. Its file has been deleted.")
CANNOT_APPROVE_OWN = _("A second person must approve an export: you cannot approve your own.")
NOT_AWAITING_APPROVAL = _("This export is no longer waiting for approval.")
DECISION_REQUIRED = _("Choose whether to approve or refuse the export.")

# The job page.
PASSPHRASE_INTRO = _(
    "The file is encrypted. Its passphrase is shown only this once: write it down or give it "
    "to the recipient of the file by another channel than the file itself (for example by "
    "telephone). It cannot be shown again."
)
PASSPHRASE_GONE = _(
    "The passphrase of this file was shown once and is not kept anywhere. If you did not note "
    "it, ask for a new export."
)
AWAITING_APPROVAL = _(
    "This export has more than %(threshold)d rows. Another person of your organisation who "
    "holds the same export permission must approve it before it can be downloaded."
)
JOB_FAILED = _(
    "The export could not be prepared. Ask for it again; if it fails again, tell "
    "the system administrator."
)
JOB_EXPIRED = _("The file has been deleted: export files are kept for 24 hours at most.")
JOB_REFUSED = _("A second person refused this export, and its file has been deleted.")

# The recipient register.
REGISTER_SECTION_LABEL = _("Register of recipients")
REGISTER_SECTION_DESCRIPTION = _(
    "The people SIVA granted the social rehabilitation service to, with their course dates "
    "(Cabinet Regulation No. 344, paragraph 2.2)."
)
