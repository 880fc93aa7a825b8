"""What the trail's codes mean, in words a data-protection officer reads (docs/security.md LG-1).

Events keep their codes: the chain's hashes cover them, and the search filters by them. The
pages show these labels instead; a code without a label (an event written by an older version)
is shown as it is. ``tests/audit/test_labels.py`` reads every code the product writes from
its source and fails when one has no label here.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: Mapping[str, Promise] = {
    # Signing in and sessions
    "authn_login_success": _("Signed in with the password"),
    "authn_login_fail": _("Wrong password"),
    "authn_login_lock": _("Sign-in locked after failed attempts"),
    "authn_mfa_success": _("Second factor confirmed"),
    "authn_mfa_fail": _("Second factor refused"),
    "authn_mfa_enrolled": _("Authenticator app set up"),
    "authn_mfa_provisioned": _("Authenticator set up for a demo or seeded account"),
    # What was typed, kept while a session ended
    "form_draft_saved": _("Typed text kept as a draft"),
    "form_draft_deleted": _("Draft of typed text deleted"),
    "form_drafts_purged": _("Old drafts of typed text deleted"),
    "authn_backup_codes_issued": _("Backup codes issued"),
    "authn_backup_code_used": _("Backup code used"),
    "authn_reauthenticated": _("Password confirmed again for a sensitive step"),
    "authn_logout": _("Signed out"),
    "session_expired": _("Session ended"),
    # Access
    "sensitive_read": _("Opened a protected record"),
    "authz_fail": _("Access refused"),
    "authz_change": _("Role or rights changed"),
    "audit_trail_viewed": _("Audit trail read"),
    # Administration
    "user_created": _("User account created"),
    "user_updated": _("User account changed"),
    "user_deactivated": _("User account deactivated"),
    "user_reactivated": _("User account reactivated"),
    "organisation_created": _("Organisation created"),
    "organisation_updated": _("Organisation changed"),
    "organisation_deactivated": _("Organisation deactivated"),
    "organisation_reactivated": _("Organisation reactivated"),
    "calendar_override_added": _("Working-day change added"),
    "calendar_override_removed": _("Working-day change removed"),
    "contact_created": _("Directory contact added"),
    "contact_updated": _("Directory contact changed"),
    "contact_deactivated": _("Directory contact deactivated"),
    "api_token_issued": _("API token issued"),
    "api_token_revoked": _("API token revoked"),
    "rules_api_call": _("Rules consulted through the API"),
    "crypt_key_rotation": _("Encryption keys rotated"),
    "demo_data_seeded": _("Demo data loaded"),
    # People and social cases
    "person_registered": _("Person registered"),
    "person_updated": _("Person's data changed"),
    "person_anonymised": _("Person anonymised"),
    "case_create": _("Social case created from a referral"),
    "case_opened": _("Social case opened"),
    "case_closed": _("Social case closed"),
    "case_anonymised": _("Social case anonymised"),
    "case_taken_over": _("Social case taken over"),
    "case_management_opened": _("Case management started"),
    "case_management_saved": _("Case management saved"),
    "case_step_changed": _("Case management step changed"),
    "plan_activity_added": _("Plan activity added"),
    "follow_up_scheduled": _("Follow-up contact scheduled"),
    "follow_up_recorded": _("Follow-up contact recorded"),
    "family_task_added": _("Family work task added"),
    "family_task_updated": _("Family work task changed"),
    "information_request_sent": _("Information request sent"),
    "information_request_answered": _("Information request answered"),
    # Screening and identification
    "screening_started": _("Screening started"),
    "screening_step_saved": _("Screening step saved"),
    "screening_completed": _("Screening completed"),
    "screening_person_informed": _("Person informed about state-funded help"),
    "commission_convened": _("Commission convened"),
    "commission_decided": _("Commission decided"),
    "recognition_recorded": _("Recognition as a victim recorded"),
    "agency_submission_sent": _("Documents sent to SIVA"),
    "agency_submission_received": _("Documents received by SIVA"),
    "agency_decision": _("SIVA's decision recorded"),
    # Consent and referrals
    "consent_create": _("Consent recorded"),
    "consent_supersede": _("Consent replaced"),
    "consent_withdraw": _("Consent withdrawn"),
    "consent_override": _("Emergency access without consent"),
    "referral_send": _("Referral sent"),
    "referral_accept": _("Referral accepted"),
    "referral_decline": _("Referral declined"),
    # Course
    "course_started": _("Course registered"),
    "course_running": _("Course started"),
    "course_ended": _("Course ended"),
    "course_route_chosen": _("Support after the course chosen"),
    "plan_updated": _("Individual plan changed"),
    "plan_task_added": _("Plan task added"),
    "plan_task_done": _("Plan task done"),
    "plan_reviewed": _("Individual plan reviewed"),
    "delivery_recorded": _("Service delivery recorded"),
    # Documents and attachments
    "document_generated": _("Document generated"),
    "attachment_uploaded": _("Attachment uploaded"),
    "attachment_downloaded": _("Attachment downloaded"),
    "attachment_withdrawn": _("Attachment withdrawn"),
    "attachments_erased": _("Attachments erased"),
    # Statistics and exports
    "statistics_exported": _("Statistics downloaded"),
    "statistics_released": _("Statistics of a period released"),
    "export_requested": _("Export requested"),
    "export_approved": _("Export approved"),
    "export_refused": _("Export refused"),
    "export_completed": _("Export prepared"),
    "export_downloaded": _("Export downloaded"),
    "export_failed": _("Export failed"),
    "export_purged": _("Export file deleted"),
}

OBJECT_TYPE_LABELS: Mapping[str, Promise] = {
    "case": _("Social case"),
    "cases.case": _("Social case"),
    "casework": _("Case management"),
    "person": _("Person"),
    "user": _("User account"),
    "accounts.user": _("User account"),
    "accounts.totpdevice": _("Authenticator"),
    "accounts.backupcodedevice": _("Backup codes"),
    "accounts.formdraft": _("Draft of typed text"),
    "organisation": _("Organisation"),
    "screening": _("Screening"),
    "commission": _("Commission"),
    "agency_submission": _("Submission to SIVA"),
    "agency_decision": _("SIVA's decision"),
    "consent": _("Consent"),
    "consent.consent": _("Consent"),
    "referral": _("Referral"),
    "consent.referral": _("Referral"),
    "course": _("Course"),
    "plan": _("Individual plan"),
    "follow_up": _("Follow-up contact"),
    "family_task": _("Family work task"),
    "information_request": _("Information request"),
    "attachment": _("Attachment"),
    "contact": _("Directory contact"),
    "calendar_override": _("Working-day change"),
    "api_token": _("API token"),
    "export": _("Export"),
    "statistics_export": _("Statistics download"),
    "statistics_release": _("Statistics release"),
    "recipient_register": _("Register of service recipients"),
    "rights_leaflet": _("Rights leaflet"),
    "notification": _("Notification"),
    "audit_trail": _("Audit trail"),
    "page": _("Page"),
}

# The details most events carry; other keys are shown as their codes.
DETAIL_LABELS: Mapping[str, Promise] = {
    "reason": _("Reason"),
    "view": _("Page"),
    "page": _("Page"),
    "filters": _("Filters"),
    "fields": _("Fields"),
    "action": _("Attempted action"),
    "stage": _("Sign-in step"),
    "method": _("Method"),
    "remaining": _("Remaining"),
    "document": _("Document"),
    "language": _("Language"),
    "number": _("Number"),
    "kind": _("Kind"),
    "status": _("Status"),
    "step": _("Step"),
    "count": _("Count"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def object_type_label(code: str) -> str:
    label = OBJECT_TYPE_LABELS.get(code)
    return str(label) if label is not None else code


def detail_label(code: str) -> str:
    label = DETAIL_LABELS.get(code)
    return str(label) if label is not None else code
