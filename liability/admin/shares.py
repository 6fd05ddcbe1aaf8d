"""Saved results, read-only for staff."""

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

    def has_change_permission(self, request, obj=None):
        return False
