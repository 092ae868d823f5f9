"""API input of the import workbench: the reading to use and the corrected tasks.

`tasks` replaces the parser's tasks: each names its units as agency ids (checked
against the registry, an unknown or inactive id is a 400) or as printed names
(resolved like the parser's, through `mapping`). Every message is Chinese and
names the task it is about; nothing is saved when any task is wrong.
"""

import json

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Agency
from importing.drafts import NAME_MAX, NUMBER_MAX, SECTION_MAX, TaskDraft

FIELD_NAMES = {"number": "编号", "section": "部分", "subsection": "小节", "text": "任务内容", "lead": "牵头单位",
               "co": "配合单位", "deadline": "完成时限", "plan": "方案", "source": "来源任务"}


@extend_schema_field({"oneOf": [{"type": "integer", "description": "单位编号"},
                                {"type": "string", "description": "原文单位名称"}]})
class AgencyRefField(serializers.Field):
    """An agency id (integer) or a unit name as printed (string)."""

    default_error_messages = {"invalid": "单位须为单位编号（整数）或单位名称（字符串）。",
                              "too_long": f"单位名称不能超过 {NAME_MAX} 个字。"}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        if isinstance(data, int):
            if not 0 < data < 2**63:
                self.fail("invalid")
            return data
        name = data.strip()
        if not name:
            self.fail("invalid")
        if len(name) > NAME_MAX:
            self.fail("too_long")
        return name

    def to_representation(self, value):
        return value


class CorrectedTaskInput(serializers.Serializer):
    number = serializers.CharField(max_length=NUMBER_MAX, help_text="任务编号，如 3、十三")
    section = serializers.CharField(max_length=SECTION_MAX, required=False, allow_null=True, allow_blank=True,
                                    default=None, help_text="所属部分编号，如 一")
    subsection = serializers.CharField(max_length=20, required=False, allow_null=True, allow_blank=True, default=None,
                                       help_text="所属小节编号，如（二）写作 二")
    text = serializers.CharField(help_text="任务内容")
    lead = serializers.ListField(child=AgencyRefField(), required=False, default=list,
                                 help_text="牵头单位：单位编号或原文名称")
    co = serializers.ListField(child=AgencyRefField(), required=False, default=list,
                               help_text="配合（责任）单位：单位编号或原文名称")
    deadline = serializers.DateField(required=False, allow_null=True, default=None,
                                     error_messages={"invalid": "须为 YYYY-MM-DD 格式的日期，如 2031-06-30。"},
                                     help_text="完成时限 YYYY-MM-DD；留空时年度方案按年底推定")
    plan = serializers.IntegerField(required=False, default=0, min_value=0, help_text="所属方案的序号（从 0 起）")
    source = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                   help_text="来自预览中的第几项任务（从 1 起；拆分时两项同源，合并时列出多项），用于记录人工修改")


class JsonInFormsField(serializers.Field):
    """A structured value sent as JSON, or, in multipart forms, as a JSON string."""

    def decoded(self, data):
        if isinstance(data, str):
            try:
                return json.loads(data)
            except ValueError:
                self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


@extend_schema_field(CorrectedTaskInput(many=True))
class CorrectedTasksField(JsonInFormsField):
    """A list of corrected tasks; in multipart forms the same list as a JSON string."""

    default_error_messages = {"invalid": "tasks 须为任务列表（JSON 数组）。", "empty": "tasks 不能为空列表。"}

    def to_internal_value(self, data):
        data = self.decoded(data)
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            self.fail("invalid")
        if not data:
            self.fail("empty")
        tasks = CorrectedTaskInput(data=data, many=True)
        if not tasks.is_valid():
            raise serializers.ValidationError(_messages(tasks.errors))
        return tasks.validated_data


def _messages(errors) -> list[str]:
    # A ListSerializer reports a list of per-item dicts, or {index: dict} for some errors.
    items = sorted(errors.items()) if isinstance(errors, dict) else list(enumerate(errors))
    out = []
    for index, task_errors in items:
        k = int(index) + 1
        if not isinstance(task_errors, dict):
            out.extend(f"第 {k} 项任务：{m}" for m in _flat(task_errors))
            continue
        for name, messages in task_errors.items():
            for message in _flat(messages):
                out.append(f"第 {k} 项任务的{FIELD_NAMES.get(name, name)}（{name}）：{message}")
    return out


def _flat(messages) -> list[str]:
    if isinstance(messages, dict):
        return [m for value in messages.values() for m in _flat(value)]
    if isinstance(messages, list):
        return [m for value in messages for m in _flat(value)]
    return [str(messages)]


def tasks_to_drafts(tasks: list[dict]) -> tuple[list[TaskDraft], dict[str, int]]:
    """(drafts, name → agency id for the units given by id), in one query for all ids."""
    ids = {ref for t in tasks for ref in (*t["lead"], *t["co"]) if isinstance(ref, int)}
    agencies = Agency.objects.filter(is_active=True).in_bulk(ids) if ids else {}
    missing = sorted(ids - set(agencies))
    if missing:
        raise serializers.ValidationError({"tasks": [f"单位编号不存在或已停用：{'、'.join(map(str, missing))}。"]})
    names = {pk: agency.name for pk, agency in agencies.items()}

    def printed(refs):
        return list(dict.fromkeys(names[r] if isinstance(r, int) else r for r in refs))

    drafts = [
        TaskDraft(number=t["number"].strip(), section=(t["section"] or "").strip() or None,
                  subsection=(t["subsection"] or "").strip() or None, text=t["text"], lead=printed(t["lead"]),
                  co=printed(t["co"]), deadline=t["deadline"], plan=t["plan"], sources=list(t["source"]))
        for t in tasks
    ]
    return drafts, {name: pk for pk, name in names.items()}
