from django import forms
from django.utils.translation import gettext_lazy as _

from rogatory.accounts.models import Role, User
from rogatory.directory.models import Authority
from rogatory.permissions.accounts import assignable_roles
from rogatory.states.choices import StateModelChoiceField, choosable_states
from rogatory.states.models import State


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What is this token for?"), max_length=100)


class UserForm(forms.ModelForm):
    """Create or edit an account, limited to what the manager may assign."""

    class Meta:
        model = User
        fields = ["email", "full_name", "role", "state", "authority", "is_active"]
        field_classes = {"state": StateModelChoiceField}

    def __init__(self, *args, manager: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = manager
        allowed = assignable_roles(manager)
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if v in allowed]
        if manager.role == Role.SECRETARIAT:
            self.fields["state"].queryset = choosable_states()
            self.fields["authority"].queryset = Authority.objects.all()
        else:
            self.fields["state"].queryset = State.objects.filter(pk=manager.state_id)
            self.fields["state"].initial = manager.state_id
            self.fields["authority"].queryset = Authority.objects.filter(state=manager.state_id)

    def clean_state(self) -> State | None:
        state = self.cleaned_data.get("state")
        if self.manager.role != Role.SECRETARIAT and state and state.pk != self.manager.state_id:
            raise forms.ValidationError(_("You may only manage users of your own State."))
        return state

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if user.pk is None:
            user.set_unusable_password()  # the new user sets a password by the reset e-mail
        if commit:
            user.save()
        return user
