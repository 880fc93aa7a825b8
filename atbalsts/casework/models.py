"""The municipal social service's case management (seed, last chapter; catalogue
``case_steps``, ``needs``, ``risk_groups``, ``family_tasks``) and the written information
request to the provider after the course."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atbalsts.cases.models import ClosureReason
from atbalsts.core.fields import EncryptedTextField
from atbalsts.core.protection import Protection


class CaseStep(models.TextChoices):
    """catalogue.yaml ``case_steps``, in the seed's order."""

    ASSESSMENT = "assessment", _("Assessment of the social situation")
    TARGET_GROUP_RISK = "target_group_risk", _("Target group and social risk evaluation")
    PLAN = "plan", _("Rehabilitation planning and implementation")
    EVALUATION = "evaluation", _("Evaluation, closure or continuation")
    FOLLOW_UP = "follow_up", _("Follow-up")


# The workflow table: each step and the steps that may follow it. The evaluation either
# continues the plan or closes the cooperation, which leads to follow-up; a person who is
# re-trafficked during follow-up is assessed again (seed: victims tend to be re-trafficked).
STEP_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStep.ASSESSMENT: frozenset({CaseStep.TARGET_GROUP_RISK}),
    CaseStep.TARGET_GROUP_RISK: frozenset({CaseStep.PLAN}),
    CaseStep.PLAN: frozenset({CaseStep.EVALUATION}),
    CaseStep.EVALUATION: frozenset({CaseStep.PLAN, CaseStep.FOLLOW_UP}),
    CaseStep.FOLLOW_UP: frozenset({CaseStep.ASSESSMENT}),
}


def can_transition(current: str, target: str) -> bool:
    return target in STEP_TRANSITIONS.get(current, frozenset())


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class EvaluationOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue the cooperation")
    CLOSE = "close", _("Close the cooperation")


class CaseManagement(models.Model):
    """The social service's work on one of its cases, step by step."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="management")
    step = models.CharField(
        _("step"), max_length=20, choices=CaseStep.choices, default=CaseStep.ASSESSMENT
    )
    # Step 1: assessment of the social situation.
    interview_notes = EncryptedTextField(_("interview"))
    needs = models.JSONField(_("needs"), default=list, blank=True)
    home_visit_on = models.DateField(_("home visit on"), null=True, blank=True)
    home_visit_notes = EncryptedTextField(_("home visit notes"))
    # Step 2: target group and social risk.
    risk_level = models.CharField(
        _("social risk level"), max_length=8, choices=RiskLevel.choices, blank=True
    )
    risk_groups = models.JSONField(_("risk groups"), default=list, blank=True)
    # Step 3: the plan (its activities are PlanActivity rows).
    plan_notes = EncryptedTextField(_("plan"))
    # Step 4: evaluation.
    evaluation_due_on = models.DateField(_("evaluate by"), null=True, blank=True)
    evaluation_outcome = models.CharField(
        _("evaluation outcome"), max_length=10, choices=EvaluationOutcome.choices, blank=True
    )
    closure_reason = models.CharField(
        _("closure reason"), max_length=40, choices=ClosureReason.choices, blank=True
    )
    evaluation_notes = EncryptedTextField(_("evaluation"))
    # Counts the saves: a record opened but never saved (by adding an activity, say) is at 0,
    # the version the pages send for a case with no record yet, so that the first save or
    # move claims 0 whichever way the record came to exist.
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "case": Protection.P2_PERSONAL,
        "step": Protection.P2_PERSONAL,
        "interview_notes": Protection.P3_SPECIAL,
        "needs": Protection.P2_PERSONAL,
        "home_visit_on": Protection.P2_PERSONAL,
        "home_visit_notes": Protection.P3_SPECIAL,
        "risk_level": Protection.P2_PERSONAL,
        "risk_groups": Protection.P2_PERSONAL,
        "plan_notes": Protection.P3_SPECIAL,
        "evaluation_due_on": Protection.P2_PERSONAL,
        "evaluation_outcome": Protection.P2_PERSONAL,
        "closure_reason": Protection.P2_PERSONAL,
        "evaluation_notes": Protection.P3_SPECIAL,
        "version": Protection.P1_INTERNAL,
        "created_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
        "updated_at": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("case management")
        verbose_name_plural = _("case management")

    def __str__(self) -> str:
        return f"management {self.uuid}"


class ActivityKind(models.TextChoices):
    """Plan activities: the state-funded course and the municipality's support during it
    (seed: rent, utilities, fuel, the service's own services)."""

    STATE_COURSE = "state_course", _("The state-funded social rehabilitation course")
    RENT = "rent", _("Rent")
    UTILITIES = "utilities", _("Utilities")
    FUEL = "fuel", _("Fuel")
    OWN_SERVICES = "own_services", _("The social service's own services")
    OTHER = "other", _("Other activity")


class PlanActivity(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    management = models.ForeignKey(
        CaseManagement, on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("activity"), max_length=20, choices=ActivityKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "management": Protection.P2_PERSONAL,
        "kind": Protection.P2_PERSONAL,
        "starts_on": Protection.P2_PERSONAL,
        "ends_on": Protection.P2_PERSONAL,
        "notes": Protection.P3_SPECIAL,
        "created_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["starts_on", "created_at"]

    def __str__(self) -> str:
        return f"activity {self.uuid}"


class FollowUpContact(models.Model):
    """Step 5: a planned follow-up contact and, once made, its outcome."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    management = models.ForeignKey(
        CaseManagement, on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("made on"), null=True, blank=True)
    retrafficking_risk = models.CharField(
        _("risk of re-trafficking"), max_length=8, choices=RiskLevel.choices, blank=True
    )
    outcome = EncryptedTextField(_("outcome"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "management": Protection.P2_PERSONAL,
        "due_on": Protection.P2_PERSONAL,
        "done_on": Protection.P2_PERSONAL,
        "retrafficking_risk": Protection.P2_PERSONAL,
        "outcome": Protection.P3_SPECIAL,
        "created_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="follow_up_due_idx")]

    def __str__(self) -> str:
        return f"follow-up {self.uuid}"


class FamilyTaskStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    # "Done" alone is also a button elsewhere, translated otherwise ("Gatavs").
    DONE = "done", pgettext_lazy("task status", "Done")


class FamilyTask(models.Model):
    """catalogue.yaml ``family_tasks``: work with the person's family."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    management = models.ForeignKey(
        CaseManagement, on_delete=models.PROTECT, related_name="family_tasks"
    )
    task = models.CharField(_("task"), max_length=40)
    status = models.CharField(
        _("status"), max_length=16, choices=FamilyTaskStatus.choices, default="planned"
    )
    notes = EncryptedTextField(_("notes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "management": Protection.P2_PERSONAL,
        "task": Protection.P2_PERSONAL,
        "status": Protection.P2_PERSONAL,
        "notes": Protection.P3_SPECIAL,
        "created_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"family task {self.uuid}"


class InformationRequestStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")


class InformationRequest(models.Model):
    """The social service asks the provider in writing for the scope of services and the
    progress of the case; the provider answers with recommendations (seed, last chapter).
    It exists only with an active consent naming the social service as recipient."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="information_requests"
    )
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    consent = models.ForeignKey(
        "consent.Consent", on_delete=models.PROTECT, related_name="information_requests"
    )
    question = EncryptedTextField(_("question"))
    status = models.CharField(
        max_length=12,
        choices=InformationRequestStatus.choices,
        default=InformationRequestStatus.SENT,
    )
    reply_scope = EncryptedTextField(_("scope of services given"))
    reply_progress = EncryptedTextField(_("progress of the case"))
    reply_recommendations = EncryptedTextField(_("recommendations"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "case": Protection.P2_PERSONAL,
        "provider": Protection.P2_PERSONAL,
        "consent": Protection.P2_PERSONAL,
        "question": Protection.P3_SPECIAL,
        "status": Protection.P1_INTERNAL,
        "reply_scope": Protection.P3_SPECIAL,
        "reply_progress": Protection.P3_SPECIAL,
        "reply_recommendations": Protection.P3_SPECIAL,
        "sent_by": Protection.P1_INTERNAL,
        "sent_at": Protection.P1_INTERNAL,
        "answered_by": Protection.P1_INTERNAL,
        "answered_at": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"information request {self.uuid}"
