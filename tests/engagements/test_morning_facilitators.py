"""Creating the morning groups assigns trained facilitators; the overview's step 3 and the
program-day page say which breakout groups still have none."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from engagements import services
from engagements.models import BreakoutGroup, Engagement
from engagements.services.breakouts import spread_facilitators
from engagements.steps import engagement_steps
from tests.factories import (
    BreakoutGroupFactory,
    FacilitatorFactory,
    StakeholderGroupFactory,
    trained_facilitator,
)

SEVEN = [
    "Faith/Clergy",
    "Youth",
    "New Americans",
    "Law Enforcement",
    "Social Services",
    "Business/Community",
    "Civil Rights",
]


@pytest.fixture
def seven_groups(engagement):
    """Erie's seven stakeholder groups."""
    return [
        StakeholderGroupFactory(engagement=engagement, name=name, order=i)
        for i, name in enumerate(SEVEN)
    ]


def trained(engagement, n):
    """``n`` trained facilitators named so that their order by name is their order here."""
    return [trained_facilitator(engagement, name=f"Trained {i:02d}") for i in range(n)]


def morning(engagement):
    return list(
        BreakoutGroup.objects.filter(engagement=engagement, round="homogeneous").order_by("pk")
    )


def facilitator_check(engagement):
    """Step 3's check on facilitators, read as the overview reads it."""
    e = Engagement.objects.with_step_counts().get(pk=engagement.pk)
    step = engagement_steps(e)[2]
    return step, next(c for c in step.checks if "trained facilitator" in str(c.label))


@pytest.mark.parametrize(
    ("n_groups", "n_facilitators", "sizes"),
    [
        (7, 10, [2, 2, 2, 1, 1, 1, 1]),
        (7, 4, [1, 1, 1, 1, 0, 0, 0]),
        (7, 14, [2] * 7),
        (7, 20, [2] * 7),
        (3, 0, [0, 0, 0]),
        (0, 3, []),
    ],
)
def test_spread_gives_each_group_one_before_any_gets_two(n_groups, n_facilitators, sizes):
    spread = spread_facilitators(n_groups, list(range(n_facilitators)))
    assert [len(group) for group in spread] == sizes
    dealt = [f for group in spread for f in group]
    assert len(dealt) == len(set(dealt))
    assert [group[0] for group in spread if group] == list(range(min(n_groups, n_facilitators)))


@pytest.mark.django_db
class TestMorningGroupsCreate:
    def test_ten_trained_for_seven_groups(self, engagement, staff, seven_groups):
        people = trained(engagement, 10)
        groups = services.morning_groups_create(engagement=engagement, user=staff)
        assert len(groups) == 7
        for group in groups:
            group.refresh_from_db()
        assert all(g.facilitator is not None for g in groups)
        assert sum(1 for g in groups if g.second_facilitator is not None) == 3
        assert [g.facilitator for g in groups] == people[:7]
        assert [g.second_facilitator for g in groups[:3]] == people[7:]
        everyone = [f for g in groups for f in g.facilitators]
        assert sorted(f.pk for f in everyone) == sorted(f.pk for f in people)

    def test_four_trained_for_seven_groups_leaves_three_without(
        self, engagement, staff, seven_groups
    ):
        trained(engagement, 4)
        services.morning_groups_create(engagement=engagement, user=staff)
        groups = morning(engagement)
        assert [g.facilitator_id is not None for g in groups] == [True] * 4 + [False] * 3
        assert not any(g.second_facilitator_id for g in groups)

    def test_untrained_facilitators_are_never_assigned(self, engagement, staff, seven_groups):
        untrained = FacilitatorFactory(engagement=engagement, name="A untrained")
        people = trained(engagement, 2)
        services.morning_groups_create(engagement=engagement, user=staff)
        assigned = {f for g in morning(engagement) for f in g.facilitators}
        assert assigned == set(people)
        assert untrained not in assigned

    def test_another_engagements_facilitators_are_never_assigned(
        self, engagement, staff, seven_groups
    ):
        other = FacilitatorFactory().engagement
        trained(other, 3)
        services.morning_groups_create(engagement=engagement, user=staff)
        assert not any(g.facilitator_id for g in morning(engagement))

    def test_rerun_does_not_reassign(self, engagement, staff, seven_groups):
        trained(engagement, 10)
        services.morning_groups_create(engagement=engagement, user=staff)
        before = [(g.pk, g.facilitator_id, g.second_facilitator_id) for g in morning(engagement)]
        trained_facilitator(engagement, name="A newcomer")
        assert services.morning_groups_create(engagement=engagement, user=staff) == []
        after = [(g.pk, g.facilitator_id, g.second_facilitator_id) for g in morning(engagement)]
        assert after == before

    def test_a_facilitator_already_leading_a_morning_group_is_not_assigned_again(
        self, engagement, staff, seven_groups
    ):
        first, second = trained(engagement, 2)
        BreakoutGroupFactory(
            engagement=engagement, stakeholder_group=seven_groups[0], facilitator=first
        )
        services.morning_groups_create(engagement=engagement, user=staff)
        groups = morning(engagement)
        leads = [g.facilitator_id for g in groups if g.facilitator_id]
        assert sorted(leads) == sorted([first.pk, second.pk])
        assert not any(g.second_facilitator_id for g in groups)

    def test_success_message_says_how_many_groups_still_need_one(
        self, staff_client, engagement, seven_groups
    ):
        trained(engagement, 4)
        response = staff_client.post(
            reverse("engagements:morning_groups_create", args=[engagement.pk]), follow=True
        )
        content = response.content.decode()
        assert "7 morning groups created." in content
        assert "3 morning groups still need a facilitator" in content

    def test_no_warning_when_every_group_has_one(self, staff_client, engagement, seven_groups):
        trained(engagement, 7)
        response = staff_client.post(
            reverse("engagements:morning_groups_create", args=[engagement.pk]), follow=True
        )
        assert "still need" not in response.content.decode()


@pytest.mark.django_db
class TestSecondFacilitatorRules:
    def test_second_facilitator_must_be_trained(self, engagement):
        lead = trained_facilitator(engagement)
        group = BreakoutGroupFactory(
            engagement=engagement,
            facilitator=lead,
            second_facilitator=FacilitatorFactory(engagement=engagement),
        )
        with pytest.raises(ValidationError) as error:
            group.full_clean()
        assert "second_facilitator" in error.value.message_dict

    def test_nobody_leads_and_co_leads_two_groups_of_a_round(self, engagement):
        a, b, c = trained(engagement, 3)
        BreakoutGroupFactory(engagement=engagement, facilitator=a, second_facilitator=b)
        group = BreakoutGroupFactory.build(engagement=engagement, facilitator=b)
        group.stakeholder_group.save()
        with pytest.raises(ValidationError) as error:
            group.full_clean()
        assert "facilitator" in error.value.message_dict
        group = BreakoutGroupFactory.build(
            engagement=engagement, facilitator=c, second_facilitator=a
        )
        group.stakeholder_group.save()
        with pytest.raises(ValidationError) as error:
            group.full_clean()
        assert "second_facilitator" in error.value.message_dict

    def test_edit_form_offers_only_this_engagements_trained_facilitators(
        self, staff_client, engagement
    ):
        mine = trained_facilitator(engagement, name="Mine Trained")
        FacilitatorFactory(engagement=engagement, name="Mine Untrained")
        trained_facilitator(FacilitatorFactory().engagement, name="Elsewhere Trained")
        group = BreakoutGroupFactory(engagement=engagement)
        url = reverse("engagements:breakoutgroup_update", args=[engagement.pk, group.pk])
        form = staff_client.get(url).context["form"]
        for name in ("facilitator", "second_facilitator"):
            assert list(form.fields[name].queryset) == [mine]


@pytest.mark.django_db
class TestOverview:
    def test_check_open_without_groups_and_while_a_group_lacks_one(self, engagement, staff):
        _step, check = facilitator_check(engagement)
        assert not check.done
        group = BreakoutGroupFactory(engagement=engagement)
        BreakoutGroupFactory(engagement=engagement, facilitator=trained_facilitator(engagement))
        step, check = facilitator_check(engagement)
        assert not check.done and not step.complete
        assert "1 group has none" in str(check.label)
        group.facilitator = trained_facilitator(engagement)
        group.save()
        _step, check = facilitator_check(engagement)
        assert check.done and "has none" not in str(check.label)

    def test_an_afternoon_group_without_one_counts_too(self, engagement):
        BreakoutGroupFactory(engagement=engagement, facilitator=trained_facilitator(engagement))
        BreakoutGroupFactory(engagement=engagement, facilitator=trained_facilitator(engagement))
        BreakoutGroup.objects.create(engagement=engagement, round="heterogeneous", number=1)
        BreakoutGroup.objects.create(engagement=engagement, round="heterogeneous", number=2)
        _step, check = facilitator_check(engagement)
        assert not check.done and "2 groups have none" in str(check.label)

    def test_erie_is_complete_and_not_while_a_group_lacks_a_facilitator(self, demo, client):
        erie = demo.erie
        client.force_login(erie.lead_staff)
        response = client.get(erie.get_absolute_url())
        assert all(step.complete for step in response.context["steps"])
        assert response.context["next_step"] is None

        group = BreakoutGroup.objects.filter(engagement=erie, round="homogeneous").first()
        lead = group.facilitator
        BreakoutGroup.objects.filter(pk=group.pk).update(facilitator=None, second_facilitator=None)
        response = client.get(erie.get_absolute_url())
        content = response.content.decode()
        step = response.context["steps"][2]
        assert not step.complete
        assert response.context["next_step"].number == 3
        assert "trained facilitator" in str(response.context["next_step"].next_check.label)
        assert "Give every breakout group a trained facilitator: 1 group has none" in content

        BreakoutGroup.objects.filter(pk=group.pk).update(facilitator=lead)
        response = client.get(erie.get_absolute_url())
        assert response.context["steps"][2].complete


@pytest.mark.django_db
class TestProgramDay:
    def test_groups_without_a_facilitator_are_flagged_in_words(self, staff_client, engagement):
        lead = trained_facilitator(engagement, name="Lead Person")
        BreakoutGroupFactory(engagement=engagement, name="Led group", facilitator=lead)
        BreakoutGroupFactory(engagement=engagement, name="Unled group")
        url = reverse("engagements:program_day", args=[engagement.pk])
        content = staff_client.get(url).content.decode()
        assert "1 morning group has no facilitator yet" in content
        assert content.count("No facilitator yet") == 1
        row = content[content.index("Unled group") :]
        assert row.index("No facilitator yet") < row.index("</tr>")

    def test_no_flag_when_every_group_has_one(self, staff_client, engagement):
        a, b = trained(engagement, 2)
        BreakoutGroupFactory(engagement=engagement, facilitator=a, second_facilitator=b)
        url = reverse("engagements:program_day", args=[engagement.pk])
        content = staff_client.get(url).content.decode()
        assert "no facilitator yet" not in content.lower()
        assert "Trained 00" in content and "Trained 01" in content
