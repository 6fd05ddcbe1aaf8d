"""Saved results, read-only, for the staff role that needs their answers."""

from django.contrib import admin

from liability.models import Share


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    list_display = ["__str__", "content_version", "created_at", "expires_at"]
    list_filter = ["created_at", "expires_at"]
    # The delete secret's digest is not shown: staff have no use for it.
    readonly_fields = ["id", "answers", "content_version", "result", "created_at", "expires_at"]

    def has_add_permission(self, request):
        return False

    # A share's answers say what happened to a person: only the Share reader role (its own
    # permission) may see them, not every Editor or Publisher.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("liability.view_share_answers")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_change_permission(self, request, obj=None):
        return False
