"""The user admin, keeping the separation of duties (三员分立): the security administrator
manages accounts and business roles, but only a superuser makes superusers, grants
permissions one by one, hands out the privileged roles or touches the account of a superuser
or of another privileged role holder (an auditor's password reset by the security
administrator would let them sign in as the auditor), and nobody but a superuser changes
their own roles."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group


def privileged_groups():
    # Names from settings: the roles are defined by apps above this one.
    return set(settings.PRIVILEGED_ROLE_GROUPS)


class GuardedUserAdmin(UserAdmin):
    # Recorded by the system, never typed in (Django's split date and time inputs for them
    # have no labels either).
    readonly_fields = ("last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
            if obj is not None and obj.pk == request.user.pk:
                fields.append("groups")
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.out_of_reach(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.out_of_reach(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    @staticmethod
    def out_of_reach(acting, account):
        """Accounts only a superuser may change: superusers and other privileged holders."""
        if acting.is_superuser or account.pk == acting.pk:
            return False
        if account.is_superuser:
            return True
        return account.groups.filter(name__in=privileged_groups()).exists()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            # A privileged group's id in the POST is then an invalid choice: refused.
            kwargs["queryset"] = Group.objects.exclude(name__in=privileged_groups())
        if db_field.name == "groups":
            # A handful of roles: one labelled tick box each, where the two-list filter
            # widget puts ARIA labels on plain spans that screen readers ignore.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, GuardedUserAdmin)
