"""What a submitted questionnaire feeds, by the questionnaire's purpose and its questions' codes.

- «Чем я могу быть полезен…» (``mentor_profile``): the mentor's card in the base of mentors — created as a
  candidate when the person has none. ``profile.competences`` and ``profile.can_help_with`` FILL an empty
  field and otherwise are APPENDED on a new line (what the curator typed stays); ``profile.forms`` ADDS the
  forms chosen (those the person may mentor in; none is taken away); ``profile.max_mentees`` is set only on
  a profile created now (a number the curator set is kept).
- the mentee's request (``mentee_request``): the card in the base of mentees — ``request.topics`` and the
  «другое» text ``request.other`` are APPENDED to the requests, one line each, lines already there skipped;
  ``request.expected_results`` FILLS or is APPENDED.
- the preference questionnaire (``preference``): ``preference.1..3`` become pairing's preferences of the
  school year with ranks 1–3 and the source «Анкета предпочтений» (matching reads them). The person's
  earlier rows from a questionnaire of the same year are replaced; rows the curator recorded are kept.
- meeting feedback (``meeting``): the response carries the recipient's meeting (set on submit).

The bases take only people with a valid consent to the processing of personal data (participants' rule):
without it the answers stay in the response, and the card is not touched. Every write is audited: the
history row names the person's account (if any) and says which questionnaire wrote it.
"""

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from mentoring_site.audit import save_audited
from pairing.models import Preference
from participants.models import MenteeProfile, MentorProfile, Person
from programs.deadlines import current_school_year
from programs.models import MentoringForm

from .models import Questionnaire, Response

if TYPE_CHECKING:
    from .fill_forms import QuestionnaireForm
    from .models import Recipient


def _append(existing: str, new: str) -> str:
    """Fill an empty field; otherwise add ``new`` on a new line unless it is already there."""
    new = new.strip()
    if not new:
        return existing
    if not existing.strip():
        return new
    if new in existing:
        return existing
    return f"{existing.rstrip()}\n{new}"


def _append_lines(existing: str, lines: list[str]) -> str:
    have = {line.strip().lower() for line in existing.splitlines() if line.strip()}
    added = [line.strip() for line in lines if line.strip() and line.strip().lower() not in have]
    if not added:
        return existing
    return "\n".join([existing.rstrip(), *added]) if existing.strip() else "\n".join(added)


def _audit(obj: Any, response: Response) -> None:
    obj._change_reason = f"Ответ на анкету «{response.questionnaire.title}»"


def _normalize(name: str) -> str:
    return name.strip("«»\"' ").lower().replace("—", "–").replace("-", "–").replace(" – ", "–").replace(" ", "")


def feed_answers(response: Response, form: "QuestionnaireForm", recipient: "Recipient") -> None:
    purpose = response.questionnaire.purpose
    person = recipient.person
    actor = person.user
    if purpose == Questionnaire.Purpose.MENTOR_PROFILE:
        _feed_mentor_profile(response, form, person, actor)
    elif purpose == Questionnaire.Purpose.MENTEE_REQUEST:
        _feed_mentee_request(response, form, person, actor)
    elif purpose == Questionnaire.Purpose.PREFERENCE:
        _feed_preferences(response, form, person, actor)


def _feed_mentor_profile(response: Response, form: "QuestionnaireForm", person: Person, actor: Any) -> None:
    if not person.has_valid_consent():
        return
    profile = MentorProfile.objects.filter(person=person).first()
    created = profile is None
    if profile is None:
        profile = MentorProfile(person=person, status=MentorProfile.Status.CANDIDATE)
    for code, attr in (("profile.competences", "competences"), ("profile.can_help_with", "can_help_with")):
        _, value = form.value_of(code)
        if value:
            setattr(profile, attr, _append(getattr(profile, attr), value))
    _, max_mentees = form.value_of("profile.max_mentees")
    if created and max_mentees:
        profile.max_mentees = max(1, min(30, int(max_mentees)))
    _audit(profile, response)
    save_audited(profile, actor)
    question, chosen = form.value_of("profile.forms")
    if question is None or not chosen:
        return
    labels = {o.value: o.label for o in form.structure.options[question.pk]}
    wanted = {_normalize(labels[v]) for v in chosen if v in labels}
    organization = response.campaign.organization
    forms = MentoringForm.objects.filter(Q(organization__isnull=True) | Q(organization=organization))
    added = [f for f in forms if _normalize(f.name) in wanted and not f.refuses("mentor", person.kind)]
    if added:
        profile.forms.add(*added)


def _feed_mentee_request(response: Response, form: "QuestionnaireForm", person: Person, actor: Any) -> None:
    if not person.has_valid_consent():
        return
    profile = MenteeProfile.objects.filter(person=person).first() or MenteeProfile(
        person=person, source=MenteeProfile.Source.QUESTIONNAIRE
    )
    lines: list[str] = []
    question, topics = form.value_of("request.topics")
    if question is not None and topics:
        labels = {o.value: o.label for o in form.structure.options[question.pk]}
        lines.extend(labels[v] for v in topics if v in labels)
    _, other = form.value_of("request.other")
    if other:
        lines.extend(line for line in other.splitlines() if line.strip())
    profile.requests = _append_lines(profile.requests, lines)
    _, expected = form.value_of("request.expected_results")
    if expected:
        profile.expected_results = _append(profile.expected_results, expected)
    _audit(profile, response)
    save_audited(profile, actor)


def _feed_preferences(response: Response, form: "QuestionnaireForm", person: Person, actor: Any) -> None:
    organization = response.campaign.organization
    school_year = current_school_year(response.campaign.opens_on)
    chosen: list[tuple[int, int]] = []
    for rank in (1, 2, 3):
        _, value = form.value_of(f"preference.{rank}")
        if value and int(value) not in [pk for _, pk in chosen]:
            chosen.append((rank, int(value)))
    existing = list(Preference.objects.filter(person=person, school_year=school_year))
    chosen_ids = {pk for _, pk in chosen}
    kept = {p.preferred_id: p for p in existing if p.preferred_id in chosen_ids}
    for preference in existing:
        # an earlier questionnaire's choice not made again goes; the curator's records stay
        if preference.source == Preference.Source.QUESTIONNAIRE and preference.preferred_id not in chosen_ids:
            preference._history_user = actor  # type: ignore[attr-defined]
            preference.delete()
    for rank, preferred_id in chosen:
        preference = kept.get(preferred_id)
        if preference is not None and preference.source == Preference.Source.CURATOR:
            continue
        if preference is None:
            preference = Preference(
                organization=organization,
                person=person,
                preferred_id=preferred_id,
                school_year=school_year,
                source=Preference.Source.QUESTIONNAIRE,
            )
        preference.rank = rank
        _audit(preference, response)
        save_audited(preference, actor)
