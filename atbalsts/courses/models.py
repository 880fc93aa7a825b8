"""The state-funded course (phase 2), its individual plan and service log, and what comes
after it (phase 3): seed §"Otrais posms", §"Trešais posms"; docs/domain.md "three phases".

The numbers (180 days, 5 consultations, 150 hours a year) live in atbalsts.rules; these
records only hold what happened, and every delivery is checked against the rules ledger
(:func:`atbalsts.rules.entitlements.evaluate_entitlements`) before it is saved.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from atbalsts.core.fields import EncryptedBooleanField, EncryptedDateField, EncryptedTextField
from atbalsts.core.protection import Protection
from atbalsts.rules import entitlements


class CourseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


# The workflow: each status and the statuses it may move to (docs/style.md "Workflows are tables").
COURSE_TRANSITIONS: dict[str, frozenset[str]] = {
    CourseStatus.PLANNED: frozenset({CourseStatus.RUNNING, CourseStatus.ENDED}),
    CourseStatus.RUNNING: frozenset({CourseStatus.ENDED}),
    CourseStatus.ENDED: frozenset(),
}


def can_transition(current: str, new: str) -> bool:
    return new in COURSE_TRANSITIONS.get(current, frozenset())


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("The course was completed")
    PERSON_LEFT = "person_left", _("The person left the course")
    MOVED_ABROAD = "moved_abroad", _("The person moved abroad")
    OTHER = "other", _("Other")


class AfterCourseRoute(models.TextChoices):
    """Phase 3: one or the other (seed §"Trešais posms")."""

    CONSULTATIONS = "consultations", _("Consultations after the course")
    CRIMINAL_PROCESS_SUPPORT = "criminal_process_support", _("Support in criminal proceedings")


class ProceduralStatus(models.TextChoices):
    """The person's status in criminal proceedings on trafficking (seed §"Trešais posms")."""

    VICTIM = "victim", _("Recognised as a victim")
    WITNESS = "witness", _("Witness status")


class ServiceLine(models.TextChoices):
    """Which entitlement a delivery draws on (the ledger's ``service`` codes)."""

    COURSE = entitlements.COURSE, _("Course service")
    FAMILY_MINOR_CONSULTATION = (
        entitlements.FAMILY_MINOR_CONSULTATION,
        _("Consultation for minor family members"),
    )
    AFTER_COURSE_CONSULTATION = (
        entitlements.AFTER_COURSE_CONSULTATION,
        _("Post-course consultation"),
    )
    CRIMINAL_PROCESS_SUPPORT = entitlements.CRIMINAL_PROCESS_SUPPORT, _("Criminal-process support")


class Course(models.Model):
    """The provider's course of one case (one course a case)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="course")
    status = models.CharField(
        _("status"), max_length=16, choices=CourseStatus.choices, default=CourseStatus.PLANNED
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = EncryptedTextField(_("note on the end"))
    # The route, the status and legal aid tell that the person takes part in criminal
    # proceedings, and how: criminal-proceedings data, encrypted. The provider's dashboard
    # therefore cannot filter on them in SQL (courses.selectors.dashboard_candidates).
    after_course_route = EncryptedTextField(_("after the course"), choices=AfterCourseRoute.choices)
    procedural_status = EncryptedTextField(
        _("status in criminal proceedings"), choices=ProceduralStatus.choices
    )
    has_state_legal_aid = EncryptedBooleanField(_("receives state legal aid"), default=False)
    support_granted_on = EncryptedDateField(_("support granted on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "case": Protection.P2_PERSONAL,
        "status": Protection.P2_PERSONAL,
        "start_date": Protection.P2_PERSONAL,
        "end_date": Protection.P2_PERSONAL,
        "end_reason": Protection.P2_PERSONAL,
        "end_note": Protection.P3_SPECIAL,
        "after_course_route": Protection.P3_SPECIAL,
        "procedural_status": Protection.P3_SPECIAL,
        "has_state_legal_aid": Protection.P3_SPECIAL,
        "support_granted_on": Protection.P3_SPECIAL,
        "created_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
        "updated_at": Protection.P1_INTERNAL,
        "version": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return f"course:{self.uuid}"


class Plan(models.Model):
    """The individual social rehabilitation plan, drawn up by the provider's
    multi-professional team and reviewed regularly (seed §"Otrais posms")."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="plan")
    short_term_goals = EncryptedTextField(_("short-term goals"))
    long_term_goals = EncryptedTextField(_("long-term goals"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "course": Protection.P2_PERSONAL,
        "short_term_goals": Protection.P3_SPECIAL,
        "long_term_goals": Protection.P3_SPECIAL,
        "updated_by": Protection.P1_INTERNAL,
        "updated_at": Protection.P1_INTERNAL,
        "version": Protection.P1_INTERNAL,
    }

    class Meta:
        verbose_name = _("rehabilitation plan")
        verbose_name_plural = _("rehabilitation plans")

    def __str__(self) -> str:
        return f"plan:{self.uuid}"


class PlanTask(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    description = EncryptedTextField(_("task"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible specialist"),
    )
    due_on = models.DateField(_("due date"))
    is_done = models.BooleanField(_("done"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "plan": Protection.P2_PERSONAL,
        "description": Protection.P3_SPECIAL,
        "responsible": Protection.P1_INTERNAL,
        "due_on": Protection.P2_PERSONAL,
        "is_done": Protection.P2_PERSONAL,
        "created_at": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["is_done", "due_on", "created_at"]

    def __str__(self) -> str:
        return f"task:{self.uuid}"


class PlanReview(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    notes = EncryptedTextField(_("notes"))
    next_review_on = models.DateField(_("next review on"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "plan": Protection.P2_PERSONAL,
        "reviewed_on": Protection.P2_PERSONAL,
        "notes": Protection.P3_SPECIAL,
        "next_review_on": Protection.P2_PERSONAL,
        "reviewed_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]

    def __str__(self) -> str:
        return f"review:{self.uuid}"


class Delivery(models.Model):
    """One service given: during the course, to the minor family members, or after it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="deliveries")
    service = models.CharField(_("entitlement"), max_length=30, choices=ServiceLine.choices)
    # A code of catalogue course_services (course), specialists (consultations) or
    # criminal_process_support_kinds (support); allow-listed by the form and the ledger.
    kind = models.CharField(_("service"), max_length=40)
    specialist = models.CharField(_("specialist"), max_length=20, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=9, decimal_places=2)
    minor_children = models.PositiveSmallIntegerField(_("minor children accommodated"), default=0)
    delivered_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    protection_levels: ClassVar[dict[str, Protection]] = {
        "id": Protection.P1_INTERNAL,
        "uuid": Protection.P1_INTERNAL,
        "course": Protection.P2_PERSONAL,
        "service": Protection.P2_PERSONAL,
        "kind": Protection.P2_PERSONAL,
        "specialist": Protection.P2_PERSONAL,
        "quantity": Protection.P2_PERSONAL,
        "minor_children": Protection.P2_PERSONAL,
        "delivered_on": Protection.P2_PERSONAL,
        "recorded_by": Protection.P1_INTERNAL,
        "created_at": Protection.P1_INTERNAL,
    }

    class Meta:
        ordering = ["-delivered_on", "-created_at"]
        indexes = [models.Index(fields=["course", "service", "delivered_on"], name="delivery_idx")]

    def __str__(self) -> str:
        return f"delivery:{self.uuid}"
