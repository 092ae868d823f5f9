"""factory_boy factories for the domain models."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from agencies.choices import ROLE_GROUPS, AgencyKind
from agencies.models import Agency, AgencyAlias, UserProfile
from documents.models import Document, Plan, Section
from reporting.models import ProgressReport
from tasks.choices import AssignmentRole, TaskStatus
from tasks.models import Assignment, Task

PASSWORD = "Test-Passw0rd!"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    short_name = ""
    kind = AgencyKind.PROVINCIAL


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyAlias

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"别名{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a role; `agency` is required for liaison and head."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.cn")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()

    @classmethod
    def _create(cls, model_class, *args, role="liaison", agency=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if role == "office":
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        UserProfile.objects.create(user=user, role=role, agency=agency)
        group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
        user.groups.add(group)
        return user


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    doc_number = factory.Sequence(lambda n: f"湘政办函〔2021〕{n + 1}号")
    title = factory.Sequence(lambda n: f"湖南省2021年重点任务分工方案{n}")
    issuer = "湖南省人民政府办公厅"
    issue_date = datetime.date(2021, 4, 14)
    year = 2021


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    document = factory.SubFactory(DocumentFactory)
    title = factory.SelfAttribute("document.title")
    order = 0
    year = factory.SelfAttribute("document.year")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    number = "一"
    title = "纵深推进简政放权"
    order = factory.Sequence(lambda n: n)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    section = factory.SubFactory(SectionFactory)
    plan = factory.SelfAttribute("section.plan")
    document = factory.SelfAttribute("plan.document")
    number = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"第{n + 1}项任务：推进政务服务“一件事一次办”。")
    deadline = datetime.date(2021, 9, 30)
    deadline_text = "2021年9月底前"
    status = TaskStatus.NOT_STARTED


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = AssignmentRole.LEAD


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    agency = factory.SubFactory(AgencyFactory)
    period = datetime.date(2021, 5, 1)
    content = "已完成方案制定，正在推进落实。"


def task_with(lead=(), co=(), **kwargs) -> Task:
    """A task with the given lead and co agencies assigned."""
    task = TaskFactory(**kwargs)
    for agency in lead:
        AssignmentFactory(task=task, agency=agency, role=AssignmentRole.LEAD)
    for agency in co:
        AssignmentFactory(task=task, agency=agency, role=AssignmentRole.CO)
    return task
