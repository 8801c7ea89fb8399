from django.utils.translation import gettext as _
from rest_framework import serializers

from rogatory.accounts.models import ApiToken, Role, User
from rogatory.permissions.accounts import assignable_roles


class UserSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="state_id", read_only=True, allow_null=True,
                                  help_text="ISO alpha-2 code of the user's State")

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "state", "authority", "is_active"]
        read_only_fields = fields


class ManagedUserSerializer(serializers.ModelSerializer):
    """Accounts a manager creates or edits; roles and States limited to what it may assign."""

    state = serializers.SlugRelatedField(slug_field="alpha2", required=False, allow_null=True,
                                         queryset=User._meta.get_field("state")
                                         .related_model.objects.all())

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "state", "authority", "is_active"]

    def validate_role(self, role: str) -> str:
        if role not in assignable_roles(self.context["request"].user):
            raise serializers.ValidationError(_("You may not give this role."))
        return role

    def validate(self, attrs: dict) -> dict:
        manager = self.context["request"].user
        if manager.role != Role.SECRETARIAT:
            state = attrs.get("state", getattr(self.instance, "state", None))
            if state is None or state.pk != manager.state_id:
                raise serializers.ValidationError(
                    {"state": [_("You may only manage users of your own State.")]})
        candidate = User(**{**self._current(), **attrs})
        try:
            candidate.clean()
        except Exception as error:  # Django ValidationError -> field errors
            raise serializers.ValidationError(getattr(error, "message_dict", str(error))) from error
        return attrs

    def _current(self) -> dict:
        if self.instance is None:
            return {}
        return {f: getattr(self.instance, f) for f in ("email", "role", "state", "authority")}

    def create(self, validated_data: dict) -> User:
        user = User(**validated_data)
        user.set_unusable_password()
        user.save()
        return user


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created", "last_used"]
        read_only_fields = ["id", "prefix", "created", "last_used"]


class NewApiTokenSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="Shown only this once.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
