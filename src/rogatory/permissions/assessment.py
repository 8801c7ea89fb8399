"""Needs assessments are confidential to their State (its focal points and the officials they
invite) and the secretariat, unless the State publishes them. Only the State fills its own;
the secretariat reads every assessment, sees the overview and edits the questionnaires."""

import rules

from rogatory.permissions.predicates import is_focal_point, is_secretariat, of_same_state


@rules.predicate
def is_invited(user, assessment) -> bool:
    return (assessment is not None and user.is_authenticated and user.is_active
            and assessment.invitations.filter(user=user).exists())


@rules.predicate
def is_published(user, assessment) -> bool:
    return assessment is not None and assessment.published


@rules.predicate
def is_draft(user, assessment) -> bool:
    return assessment is not None and assessment.is_draft


@rules.predicate
def is_submitted(user, assessment) -> bool:
    return assessment is not None and not assessment.is_draft


is_state_focal_point = is_focal_point & of_same_state
# Invited officials keep their access only while they remain officials of the same State.
is_team = is_state_focal_point | (is_invited & of_same_state)

rules.add_perm("assessment.read", is_secretariat | is_team | is_published)
rules.add_perm("assessment.edit", is_draft & is_team)
# Who changed what is for the State's team and the secretariat, even once published.
rules.add_perm("assessment.read_history", is_secretariat | is_team)
rules.add_perm("assessment.start", is_focal_point)
rules.add_perm("assessment.invite", is_draft & is_state_focal_point)
rules.add_perm("assessment.submit", is_draft & is_state_focal_point)
rules.add_perm("assessment.reopen", is_submitted & is_state_focal_point)
rules.add_perm("assessment.publish", is_submitted & is_state_focal_point)
rules.add_perm("assessment.overview", is_secretariat)
rules.add_perm("assessment.manage_questionnaires", is_secretariat)

# Django admin's model permissions: the secretariat edits questionnaires (drafts only; the
# admin refuses changes to published versions) and reads assessments.
for model in ("questionnaire", "questionnaireversion", "chapter", "question"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"assessment.{action}_{model}", is_secretariat)
for model in ("assessment", "answer", "collaborator", "evidence"):
    rules.add_perm(f"assessment.view_{model}", is_secretariat)
