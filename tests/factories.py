"""factory_boy factories for the engagement records."""

import datetime

import factory

from engagements import models
from offices.models import Office, User


def office(code: str) -> Office:
    """An office created by the migrations, by its code (e.g. "mid-atlantic")."""
    return Office.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    office = factory.LazyFunction(lambda: office("mid-atlantic"))
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Engagement
        skip_postgeneration_save = True

    community = factory.Sequence(lambda n: f"Town {n}")
    state = "PA"
    office = factory.LazyFunction(lambda: office("mid-atlantic"))
    lead_staff = factory.SubFactory(UserFactory)
    law_enforcement_agencies = "Town Police Department"
    opened_on = datetime.date(2024, 1, 15)
    # Every engagement has its action plan from the start (services.engagement_create).
    action_plan = factory.RelatedFactory(
        "tests.factories.ActionPlanFactory", factory_related_name="engagement"
    )


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ActionPlan


class RecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    engagement = factory.SubFactory(EngagementFactory)


class StakeholderGroupFactory(RecordFactory):
    class Meta:
        model = models.StakeholderGroup

    name = factory.Sequence(lambda n: f"Stakeholder group {n}")


class PlanningGroupMemberFactory(RecordFactory):
    class Meta:
        model = models.PlanningGroupMember

    name = factory.Faker("name")
    affiliation = "Community center"
    sector = "faith"


class FacilitatorFactory(RecordFactory):
    class Meta:
        model = models.Facilitator

    name = factory.Sequence(lambda n: f"Facilitator {n}")


class TrainingSessionFactory(RecordFactory):
    class Meta:
        model = models.TrainingSession

    held_on = datetime.date(2024, 3, 1)
    place = "Library"
    trainer = "CRS specialist"


def trained_facilitator(engagement, **kwargs) -> models.Facilitator:
    """A facilitator of ``engagement`` who completed a training session."""
    facilitator = FacilitatorFactory(engagement=engagement, **kwargs)
    session = TrainingSessionFactory(engagement=engagement)
    models.TrainingAttendance.objects.create(
        engagement=engagement, session=session, facilitator=facilitator, completed=True
    )
    return facilitator


class ParticipantFactory(RecordFactory):
    class Meta:
        model = models.Participant

    name = factory.Sequence(lambda n: f"Participant Number{n}")
    stakeholder_group = factory.SubFactory(
        StakeholderGroupFactory, engagement=factory.SelfAttribute("..engagement")
    )


class BreakoutGroupFactory(RecordFactory):
    class Meta:
        model = models.BreakoutGroup

    round = "homogeneous"
    name = factory.Sequence(lambda n: f"Group {n}")
    stakeholder_group = factory.SubFactory(
        StakeholderGroupFactory, engagement=factory.SelfAttribute("..engagement")
    )


class IssueFactory(RecordFactory):
    class Meta:
        model = models.Issue

    group = factory.SubFactory(
        BreakoutGroupFactory, engagement=factory.SelfAttribute("..engagement")
    )
    text = factory.Sequence(lambda n: f"Issue {n}")


class PlanItemFactory(RecordFactory):
    class Meta:
        model = models.PlanItem

    title = factory.Sequence(lambda n: f"Plan item {n}")
    actions = "First action\nSecond action"
    responsible_party = "Police department"
