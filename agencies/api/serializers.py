from rest_framework import serializers

from agencies.choices import AgencyKind
from agencies.models import Agency, AgencyAlias


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgencyAlias
        fields = ["id", "name"]


class AgencySerializer(serializers.ModelSerializer):
    """Contact e-mails and webhook addresses are left out: they are delivery settings, not data to share."""

    kind = serializers.ChoiceField(choices=AgencyKind.choices, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    aliases = AliasSerializer(many=True, read_only=True)
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="集合名称所含的成员单位编号")

    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "kind", "kind_display", "parent", "is_active", "aliases", "members"]
