"""The actor's relations to cases and people, read from the database on every request, and
the fetch-and-authorise helpers every view goes through (docs/security.md AZ-3, AZ-4, AZ-8).

The decision itself is :func:`atbalsts.access.policy.decide`; this module only finds the
facts it needs. Nothing is cached beyond the call: a withdrawn consent cuts access on the
very next request (CO-3).

Relations not yet backed by records (commission membership, submission to SIVA, an
emergency override) are computed by the functions in :data:`CASE_RELATION_SCOPES` and
:data:`PERSON_RELATION_SCOPES`: each maps a relation to the condition, as a ``Q`` over the
case or person, under which the actor stands in it. The work that records commissions,
submissions and overrides adds its entries there; lists, details and searches follow.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from atbalsts.access.policy import (
    Action,
    Capability,
    Relation,
    allowed_actions,
    can,
    decide,
)
from atbalsts.agency.selectors import agency_case_scope, agency_person_scope
from atbalsts.audit.services import audit_record
from atbalsts.cases.models import Case
from atbalsts.consent.models import Consent
from atbalsts.consent.selectors import emergency_case_scope, emergency_person_scope
from atbalsts.identification.selectors import (
    commission_member_case_scope,
    commission_member_person_scope,
)
from atbalsts.people.models import Person

if TYPE_CHECKING:
    from atbalsts.accounts.models import User

logger = logging.getLogger("atbalsts.security")

RelationScope = Callable[["User"], Q]
T = TypeVar("T")
M = TypeVar("M", Case, Person)


def active_consents() -> QuerySet[Consent]:
    """Consents neither withdrawn nor superseded (consent/models.py ``Consent``)."""
    return Consent.objects.filter(withdrawal__isnull=True, superseded_by__isnull=True)


def _consent_to_actor_for_case(actor: User) -> Exists:
    # The holder of the consent is the organisation whose case it is: a consent to see the
    # provider's case does not open another organisation's case of the same person.
    return Exists(
        active_consents().filter(
            recipient_id=actor.organisation_id,
            person_id=OuterRef("person_id"),
            holder_id=OuterRef("organisation_id"),
        )
    )


def _consent_to_actor_for_person(actor: User) -> Exists:
    return Exists(
        active_consents().filter(recipient_id=actor.organisation_id, person_id=OuterRef("pk"))
    )


def _own_person(actor: User) -> Q:
    own_case = Case.objects.filter(person_id=OuterRef("pk"), organisation_id=actor.organisation_id)
    return Q(registered_by_id=actor.organisation_id) | Q(Exists(own_case))


# Hooks for relations that later work records: an empty Q() would mean "everyone", so a
# relation without a scope is simply absent.
CASE_RELATION_SCOPES: dict[Relation, RelationScope] = {
    Relation.OWN_ORGANISATION: lambda actor: Q(organisation_id=actor.organisation_id),
    Relation.CONSENTED: lambda actor: Q(_consent_to_actor_for_case(actor)),
}
PERSON_RELATION_SCOPES: dict[Relation, RelationScope] = {
    Relation.OWN_ORGANISATION: _own_person,
    Relation.CONSENTED: lambda actor: Q(_consent_to_actor_for_person(actor)),
}

# Emergency override (atbalsts/consent, docs/security.md CO-4): the user's own unexpired
# emergency accesses, read from the rows on every request like the rest.
CASE_RELATION_SCOPES[Relation.EMERGENCY_OVERRIDE] = emergency_case_scope
PERSON_RELATION_SCOPES[Relation.EMERGENCY_OVERRIDE] = emergency_person_scope

# Specialist commission (atbalsts/identification): a user seated on a commission of the case;
# submission to SIVA (atbalsts/agency): the agency the provider submitted the case to.
# Both read from the rows on every request.
CASE_RELATION_SCOPES[Relation.COMMISSION_MEMBER] = commission_member_case_scope
PERSON_RELATION_SCOPES[Relation.COMMISSION_MEMBER] = commission_member_person_scope
CASE_RELATION_SCOPES[Relation.AGENCY_SUBMITTED] = agency_case_scope
PERSON_RELATION_SCOPES[Relation.AGENCY_SUBMITTED] = agency_person_scope


@dataclass(frozen=True)
class Standing:
    """The actor's relations to one record and what they allow, for this request only."""

    role: str
    relations: frozenset[Relation]
    consented_categories: frozenset[str]

    def allows(self, action: Action) -> bool:
        return decide(self.role, self.relations, action, self.consented_categories)

    @property
    def actions(self) -> frozenset[Action]:
        return allowed_actions(self.role, self.relations, self.consented_categories)


def _with_relations(
    actor: User,
    queryset: QuerySet[M],
    scopes: dict[Relation, RelationScope],
) -> QuerySet[M]:
    """``queryset`` with one flag per relation whose scope holds for the row (``rel_*``)."""
    return queryset.annotate(
        **{_flag(relation): scope(actor) for relation, scope in scopes.items()}
    )


def _flag(relation: Relation) -> str:
    return f"rel_{relation.value}"


def _relations_of(row: Case | Person, scopes: dict[Relation, RelationScope]) -> set[Relation]:
    return {relation for relation in scopes if getattr(row, _flag(relation), False)}


def _relations(
    actor: User,
    queryset: QuerySet[M],
    scopes: dict[Relation, RelationScope],
    pk: int,
) -> set[Relation]:
    """Every relation whose scope holds for the row ``pk``, in one query."""
    names = [_flag(relation) for relation in scopes]
    row = _with_relations(actor, queryset.filter(pk=pk), scopes).values_list(*names).first()
    return {relation for relation, flag in zip(scopes, row or (), strict=False) if flag}


def _categories(consents: QuerySet[Consent]) -> frozenset[str]:
    return frozenset(
        code for codes in consents.values_list("categories", flat=True) for code in codes
    )


def case_standing(actor: User, case: Case) -> Standing:
    """The actor's relations to ``case`` and, with consent, the categories it covers."""
    relations = _relations(actor, Case.objects.all(), CASE_RELATION_SCOPES, case.pk)
    return _case_standing(actor, case, relations)


def _case_standing(actor: User, case: Case, relations: set[Relation]) -> Standing:
    categories: frozenset[str] = frozenset()
    if Relation.CONSENTED in relations:
        categories = _categories(
            active_consents().filter(
                recipient_id=actor.organisation_id,
                person_id=case.person_id,
                holder_id=case.organisation_id,
            )
        )
    return Standing(actor.role, frozenset(relations or {Relation.NONE}), categories)


def case_standings(actor: User, cases: Sequence[Case]) -> dict[int, Standing]:
    """The actor's standing to each of ``cases`` (by pk), in two queries whatever their
    number: the relations of all, then the consented categories of the consented ones."""
    rows = _with_relations(
        actor, Case.objects.filter(pk__in=[case.pk for case in cases]), CASE_RELATION_SCOPES
    )
    relations = {row.pk: _relations_of(row, CASE_RELATION_SCOPES) for row in rows.only("pk")}
    consented = [case for case in cases if Relation.CONSENTED in relations.get(case.pk, set())]
    categories: dict[tuple[int, int], set[str]] = {}
    if consented:
        pairs = Q()
        for case in consented:
            pairs |= Q(person_id=case.person_id, holder_id=case.organisation_id)
        for person_id, holder_id, codes in (
            active_consents()
            .filter(pairs, recipient_id=actor.organisation_id)
            .values_list("person_id", "holder_id", "categories")
        ):
            categories.setdefault((person_id, holder_id), set()).update(codes)
    return {
        case.pk: Standing(
            actor.role,
            frozenset(relations.get(case.pk) or {Relation.NONE}),
            frozenset(categories.get((case.person_id, case.organisation_id), ())),
        )
        for case in cases
    }


def person_standing(actor: User, person: Person) -> Standing:
    relations = _relations(actor, Person.objects.all(), PERSON_RELATION_SCOPES, person.pk)
    return _person_standing(actor, person, relations)


def _person_standing(actor: User, person: Person, relations: set[Relation]) -> Standing:
    categories: frozenset[str] = frozenset()
    if Relation.CONSENTED in relations:
        categories = _categories(
            active_consents().filter(recipient_id=actor.organisation_id, person_id=person.pk)
        )
    return Standing(actor.role, frozenset(relations or {Relation.NONE}), categories)


def _visible(actor: User, scopes: dict[Relation, RelationScope]) -> Q | None:
    """The rows whose summary the actor may see: the scopes of the relations that grant it."""
    if not can(actor.role, Capability.READ_CASE_DATA):
        return None
    condition: Q | None = None
    for relation, scope in scopes.items():
        # With consent, the summary needs only a consent; its categories gate the rest.
        if decide(actor.role, {relation}, Action.VIEW_SUMMARY):
            condition = scope(actor) if condition is None else condition | scope(actor)
    return condition


def cases_visible_to(actor: User) -> QuerySet[Case]:
    """Every case the actor may see the summary of: own organisation's and consented ones."""
    condition = _visible(actor, CASE_RELATION_SCOPES)
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition)


def people_visible_to(actor: User) -> QuerySet[Person]:
    condition = _visible(actor, PERSON_RELATION_SCOPES)
    if condition is None:
        return Person.objects.none()
    return Person.objects.filter(condition)


@dataclass(frozen=True)
class Authorised(Generic[T]):
    obj: T
    standing: Standing


def _refuse(actor: User, *, object_type: str, object_uuid: uuid.UUID, action: Action) -> Http404:
    """Log and audit a refusal (AZ-10): who, what kind, the opaque id, the action; no value."""
    logger.warning(
        "authz_fail",
        extra={
            "user_uuid": str(actor.uuid),
            "object_type": object_type,
            "object_uuid": str(object_uuid),
            "action": action.value,
        },
    )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="authz_fail",
            object_type=object_type,
            object_uuid=object_uuid,
            payload={"action": action.value},
        )
    return Http404()


def case_for(actor: User, case_uuid: uuid.UUID, action: Action) -> Authorised[Case]:
    """The case, if the actor may do ``action`` on it; 404 for "not found" and "not yours".

    The case and the actor's relations to it come in one query.
    """
    case = (
        _with_relations(
            actor,
            Case.objects.select_related("person", "organisation").filter(uuid=case_uuid),
            CASE_RELATION_SCOPES,
        ).first()
        if can(actor.role, Capability.READ_CASE_DATA)
        else None
    )
    if case is not None:
        standing = _case_standing(actor, case, _relations_of(case, CASE_RELATION_SCOPES))
        if standing.allows(action):
            return Authorised(case, standing)
    raise _refuse(actor, object_type="case", object_uuid=case_uuid, action=action)


def person_for(actor: User, person_uuid: uuid.UUID, action: Action) -> Authorised[Person]:
    """The person, if the actor may do ``action``; 404 for "not found" and "not yours".

    The person and the actor's relations to them come in one query.
    """
    person = (
        _with_relations(
            actor,
            Person.objects.select_related("registered_by").filter(uuid=person_uuid),
            PERSON_RELATION_SCOPES,
        ).first()
        if can(actor.role, Capability.READ_CASE_DATA)
        else None
    )
    if person is not None:
        standing = _person_standing(actor, person, _relations_of(person, PERSON_RELATION_SCOPES))
        if standing.allows(action):
            return Authorised(person, standing)
    raise _refuse(actor, object_type="person", object_uuid=person_uuid, action=action)
