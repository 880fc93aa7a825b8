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

# Approval of a bulk export (docs/security.md EX-2).
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

# What the research export's protection cost (job page and README).
COST_HEADING = _("What the protection of the people cost")
COST_SUPPRESSED = _(
    "%(suppressed)d of %(records)d people were left out, so that every combination of what an "
    "outsider may know of a person (sex, age, citizenship, year, type of exploitation, who "
    "recognised the person, stages of trafficking) is shared by at least %(k)d people."
)
COST_SHARES = _(
    "%(age)s %% of the people keep an age band and %(exploitation)s %% keep a type of exploitation."
)
COST_WITHHELD = _(
    "Methods of control are withheld (“*”) for %(control)d people and services for "
    "%(support)d people, where everyone in a combination had the same ones."
)
COST_LEVEL = _("%(column)s: %(level)s")
NOT_USEFUL = _(
    "At this number of people no useful research data can be released: most people would "
    "keep neither an age band nor a type of exploitation. Use the aggregate statistics "
    "instead (Statistics), which protect small numbers cell by cell."
)

# The quasi-identifiers of the research export and each level of their generalisation.
COST_COLUMNS = {
    "prs_Gender": _("Sex"),
    "vic_AgeWhenTrafficked": _("Age"),
    "prs_Citizenship": _("Citizenship"),
    "cas_IncomingReferralDate": _("Year"),
    "vic_TypeOfExploitation": _("Type of exploitation"),
    "vic_TraffickingStatusDecisionMakingOrg": _("Who recognised the person"),
    "hte_Type": _("Stages of trafficking"),
}
WITHHELD_LEVEL = _("withheld")
COST_LEVELS = {
    "prs_Gender": (_("as recorded"),),
    "vic_AgeWhenTrafficked": (
        _("age in years"),
        _("bands: under 18, 18-24, 25-34, 35-49, 50 and over"),
        _("under 18 or adult"),
    ),
    "prs_Citizenship": (
        _("Latvia, other EU country or third country"),
        _("Latvia or foreign"),
    ),
    "cas_IncomingReferralDate": (_("year"), _("two years"), _("five years")),
    "vic_TypeOfExploitation": (
        _("as recorded"),
        _("sexual, labour, criminal activities, other or several"),
    ),
    "vic_TraffickingStatusDecisionMakingOrg": (_("police or NGO"),),
    "hte_Type": (_("as recorded"),),
}
