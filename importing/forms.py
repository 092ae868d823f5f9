"""Forms of the import pages: the upload, and the confirm step with the name mapping."""

from pathlib import Path

from django import forms

from agencies.models import Agency
from documents.formats.detect import REFUSED_SUFFIXES, UPLOADABLE_SUFFIXES, refusal_by_name
from documents.parsing import MAX_UPLOAD_BYTES

ACCEPT = ".txt,.docx,.pdf,.html,.htm,.xlsx,text/plain"
PASTED_FILENAME = "粘贴文本.txt"
NEW_AGENCY = "new"
_LIMIT_MB = MAX_UPLOAD_BYTES // (1024 * 1024)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="方案文件", required=False,
        help_text=f"支持 .txt（UTF-8、GBK、UTF-16）、.docx、带文字层的 .pdf、网页（.html）和 .xlsx 分工表，不超过 {_LIMIT_MB} MB",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    text = forms.CharField(
        label="或粘贴全文", required=False, widget=forms.Textarea(attrs={"rows": 10, "placeholder": "将方案全文粘贴到这里"})
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        # The size Django counted while streaming the upload to a temporary file: checked before
        # anything is read into memory. Above FILE_UPLOAD_MAX_MEMORY_SIZE the bytes are on disk.
        if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件超过 {_LIMIT_MB} MB 上限。")
        suffix = Path(upload.name).suffix.lower()
        if suffix and suffix not in UPLOADABLE_SUFFIXES:
            raise forms.ValidationError("只能上传 .txt、.docx、.pdf、.html 或 .xlsx 文件。")
        if suffix in REFUSED_SUFFIXES:  # .doc, .wps, .ofd …: refused unless the first bytes say otherwise
            head = upload.read(4096)
            upload.seek(0)
            refusal = refusal_by_name(head, upload.name)
            if refusal:
                raise forms.ValidationError(refusal + "。")
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError("请只选择一种方式：上传文件或粘贴全文。")
        if not upload and not text:
            raise forms.ValidationError("请选择要导入的文件，或粘贴方案全文。")
        if upload:
            # Never more than the limit, even if a handler reported a wrong size.
            cleaned["data"], cleaned["filename"] = upload.read(MAX_UPLOAD_BYTES + 1), Path(upload.name).name
        else:
            cleaned["data"], cleaned["filename"] = text.encode("utf-8"), PASTED_FILENAME
        if len(cleaned["data"]) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"内容超过 {_LIMIT_MB} MB 上限。")
        return cleaned


class ConfirmForm(forms.Form):
    """One select per unresolved name (an existing agency or 新建单位), and the replace switch."""

    replace = forms.BooleanField(label="替换已导入的同文号文件（内容未变的任务保留进展报送和状态）", required=False)

    def __init__(self, *args, unresolved: dict[str, list[str]], ambiguous: dict[str, list[Agency]],
                 suggestions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = list(unresolved)
        self.places = unresolved
        agencies = [(str(a.pk), a.name) for a in Agency.objects.filter(is_active=True).order_by("kind", "name")]
        for index, name in enumerate(self.names):
            candidates = [(str(a.pk), f"{a.name}（同名候选）") for a in ambiguous.get(name, [])]
            candidates += [(str(s.agency.pk), f"建议：{s.agency.name}（相似度 {s.score}）")
                           for s in (suggestions or {}).get(name, [])
                           if str(s.agency.pk) not in {pk for pk, _ in candidates}]
            others = [choice for choice in agencies if choice[0] not in {pk for pk, _ in candidates}]
            self.fields[f"map_{index}"] = forms.ChoiceField(
                label=name, choices=[("", "请选择…"), (NEW_AGENCY, "新建单位"), *candidates, *others],
                error_messages={"required": f"请为“{name}”选择对应的单位，或选择“新建单位”。"},
            )

    @staticmethod
    def carried(data, names: list[str]) -> dict[str, str]:
        """The choices posted for each name (rows carry the name beside the select), re-keyed for `names`.

        Editing units changes which names are unknown and in what order, so a choice follows its
        name, not its row. A post without the names (an older page) is read by row as it is.
        """
        by_name = {}
        for key, name in data.items():
            if key.startswith("mapname_") and data.get("map_" + key[len("mapname_"):]):
                by_name[name] = data["map_" + key[len("mapname_"):]]
        if not by_name and not any(k.startswith("mapname_") for k in data):
            return {k: v for k, v in data.items() if k.startswith("map_")}
        return {f"map_{i}": by_name[n] for i, n in enumerate(names) if n in by_name}

    def mapping_rows(self):
        """(bound field, labels of the tasks printing the name) per unresolved name, for the template."""
        return [(self[f"map_{index}"], self.places[name]) for index, name in enumerate(self.names)]

    def mapping(self) -> dict[str, int | None]:
        """printed name → agency id, or None for 新建单位 (valid forms only)."""
        result = {}
        for index, name in enumerate(self.names):
            value = self.cleaned_data[f"map_{index}"]
            result[name] = None if value == NEW_AGENCY else int(value)
        return result
