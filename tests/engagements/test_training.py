"""Step 2: facilitator training, and the rule that only trained facilitators lead groups."""

import pytest
from django.urls import reverse

from engagements.models import BreakoutGroup, Facilitator, TrainingAttendance
from tests.factories import FacilitatorFactory, TrainingSessionFactory, trained_facilitator


@pytest.mark.django_db
def test_record_attendance_and_completion(staff_client, engagement):
    session = TrainingSessionFactory(engagement=engagement)
    done, came, away = FacilitatorFactory.create_batch(3, engagement=engagement)
    response = staff_client.post(
        reverse("engagements:trainingsession_attendance", args=[engagement.pk, session.pk]),
        {
            f"facilitator_{done.pk}": "completed",
            f"facilitator_{came.pk}": "attended",
            f"facilitator_{away.pk}": "absent",
        },
    )
    assert response.status_code == 302
    assert set(Facilitator.objects.trained()) == {done}
    assert TrainingAttendance.objects.filter(session=session).count() == 2
    page = staff_client.get(reverse("engagements:training", args=[engagement.pk]))
    assert "Completed training" in page.content.decode()


@pytest.mark.django_db
def test_untrained_facilitator_cannot_lead_a_breakout_group(
    staff_client, engagement, stakeholder_groups
):
    untrained = FacilitatorFactory(engagement=engagement)
    trained = trained_facilitator(engagement)
    url = reverse("engagements:breakoutgroup_create", args=[engagement.pk])
    data = {
        "name": "Youth",
        "round": "homogeneous",
        "stakeholder_group": stakeholder_groups[0].pk,
        "language": "en",
    }
    response = staff_client.post(url, {**data, "facilitator": untrained.pk})
    assert response.status_code == 200
    assert not BreakoutGroup.objects.exists()
    assert staff_client.post(url, {**data, "facilitator": trained.pk}).status_code == 302
    assert BreakoutGroup.objects.get().facilitator == trained
