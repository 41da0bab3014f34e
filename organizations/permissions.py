"""The one table of who may do what: each action a role may take, by name.

Views name the action they need (``permission = "pairs.manage"``), templates ask the same table
(``{% if request|can:"pairs.manage" %}``) and services that re-check a role read it too
(``Membership.objects.grants(user, organization, "orders.sign")``). A role set is written here
and nowhere else.
"""

from collections.abc import Iterable

from .roles import MANAGING_ROLES, ORGANIZATION_ROLES, Role

ADMIN, DIRECTOR, CURATOR, MENTOR, MENTEE = Role.ADMIN, Role.DIRECTOR, Role.CURATOR, Role.MENTOR, Role.MENTEE
EDITORS = frozenset({CURATOR, DIRECTOR})

PERMISSIONS: dict[str, frozenset[Role]] = {
    # organizations
    "organization.view": ORGANIZATION_ROLES,
    "organization.edit": frozenset({ADMIN, DIRECTOR}),
    "history.view": frozenset({ADMIN, DIRECTOR}),
    "pd_access.view": frozenset({ADMIN, DIRECTOR}),
    "municipality.view": frozenset({Role.COORDINATOR}),
    "admin.site": frozenset({ADMIN}),
    "accounts.unlock": frozenset({ADMIN}),
    # programs: programmes, roadmaps, working group, approval
    "programmes.view": ORGANIZATION_ROLES,
    "programmes.edit": EDITORS,
    "roadmaps.view": ORGANIZATION_ROLES,
    "roadmaps.edit": EDITORS,
    "roadmaps.evidence": MANAGING_ROLES,
    "working_group.view": ORGANIZATION_ROLES,
    "working_group.edit": EDITORS,
    "approval.submit": EDITORS,
    "approval.approve": frozenset({DIRECTOR}),
    "roadmaps.overdue": EDITORS,
    # participants: people, consents, the two bases
    "people.manage": MANAGING_ROLES,
    "people.import": frozenset({ADMIN, CURATOR}),
    "people.own_record": ORGANIZATION_ROLES,
    # pairing
    "pairs.view": MANAGING_ROLES,
    "pairs.manage": EDITORS,
    "pairs.own": ORGANIZATION_ROLES,
    "pairs.participate": frozenset({MENTOR, MENTEE}),
    # pairing: meetings (the pair's mentor or a manager records them; the mentee reads) and contacts
    "meetings.record": frozenset({MENTOR, CURATOR, DIRECTOR}),
    "mentor.contacts": frozenset({MENTOR}),
    "cases.view": frozenset({ADMIN, DIRECTOR, CURATOR, MENTOR}),  # the база успешных практик: staff
    # monitoring: questionnaires (the constructor), campaigns with personal links, results. Who answered
    # what is the curator's and the director's only; a mentor reads their own pairs' results where the
    # questionnaire allows it; everybody in the organization fills «Мои анкеты».
    "questionnaires.view": EDITORS,
    "questionnaires.edit": EDITORS,
    "campaigns.manage": EDITORS,
    "results.view": EDITORS,
    "results.own_pairs": frozenset({MENTOR}),
    "forms.own": ORGANIZATION_ROLES,
    # monitoring: the efficiency evaluation (9 indicators × 0–2 → level), scored by the curator, approved by
    # the director
    "evaluations.view": EDITORS,
    "evaluations.edit": EDITORS,
    "evaluations.approve": frozenset({DIRECTOR}),
    "regional.view": frozenset({ADMIN, DIRECTOR, CURATOR}),  # counts only: what the region collects
    # documents: orders and local acts
    "orders.view": MANAGING_ROLES,
    "orders.edit": EDITORS,
    "orders.sign": frozenset({DIRECTOR}),
    "acts.view": ORGANIZATION_ROLES,
    "acts.edit": EDITORS,
}


def roles_for(action: str) -> frozenset[Role]:
    """The roles that may take ``action``; an unknown action is a programming error."""
    try:
        return PERMISSIONS[action]
    except KeyError:
        raise KeyError(f"Unknown action {action!r}: add it to organizations.permissions.PERMISSIONS") from None


def allows(roles: Iterable[str], action: str) -> bool:
    """Does any of ``roles`` grant ``action``?"""
    allowed: frozenset[str] = roles_for(action)  # a Role is a str: compared with the plain names given
    return not allowed.isdisjoint(roles)


def actions_for(roles: Iterable[str]) -> frozenset[str]:
    held = frozenset(roles)
    return frozenset(action for action, allowed in PERMISSIONS.items() if not held.isdisjoint(allowed))
