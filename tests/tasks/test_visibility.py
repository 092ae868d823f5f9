"""Who sees which tasks: an agency sees its own, including those of collectives it belongs to."""

import pytest

from agencies.choices import AgencyKind
from agencies.roles import actor_for
from tasks.models import Task
from tasks.selectors import task_get, task_list
from tests import factories


@pytest.mark.django_db
def test_liaison_sees_only_own_agency_tasks_with_role(liaison_a, liaison_b, agency_a, agency_b):
    lead_a = factories.task_with(lead=[agency_a], co=[agency_b])
    co_a = factories.task_with(lead=[agency_b], co=[agency_a])
    only_b = factories.task_with(lead=[agency_b])

    rows = {t.pk: t.my_role for t in task_list(actor=actor_for(liaison_a))}
    assert rows == {lead_a.pk: "lead", co_a.pk: "co"}
    assert only_b.pk in {t.pk for t in task_list(actor=actor_for(liaison_b))}
    with pytest.raises(Task.DoesNotExist):
        task_get(actor=actor_for(liaison_a), task_id=only_b.pk)


@pytest.mark.django_db
def test_member_of_a_collective_sees_the_collectives_tasks(agency_a):
    collective = factories.AgencyFactory(name="各市州人民政府", kind=AgencyKind.COLLECTIVE)
    changsha = factories.AgencyFactory(name="长沙市人民政府", kind=AgencyKind.PREFECTURE)
    collective.members.add(changsha)
    task = factories.task_with(lead=[agency_a], co=[collective])
    liaison = factories.UserFactory(role="liaison", agency=changsha)

    rows = list(task_list(actor=actor_for(liaison)))
    assert [t.pk for t in rows] == [task.pk]
    assert rows[0].my_role == "co"


@pytest.mark.django_db
def test_office_and_leader_see_everything_users_without_role_nothing(office_user, leader_user, agency_a):
    factories.task_with(lead=[agency_a])
    factories.task_with(lead=[agency_a])
    assert task_list(actor=actor_for(office_user)).count() == 2
    assert task_list(actor=actor_for(leader_user)).count() == 2
    stranger = factories.UserFactory.build()
    stranger.save()
    assert task_list(actor=actor_for(stranger)).count() == 0
