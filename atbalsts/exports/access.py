"""The one place that answers "may this user export this?" (policy plus the user's grants)."""

from __future__ import annotations

from atbalsts.access.policy import ExportKind, may_export
from atbalsts.accounts.models import User
from atbalsts.exports.models import ExportGrant


def granted_exports(user: User) -> frozenset[str]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(ExportGrant.objects.filter(user=user).values_list("kind", flat=True))


def user_may_export(user: User, kind: ExportKind) -> bool:
    return may_export(user.role, kind, granted_exports(user))
