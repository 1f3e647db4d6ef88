"""django-modeltranslation registrations for engagements.

Engagement records hold what people typed in the language they spoke (breakout notes are
kept in the group's language, see DOMAIN.md), so no engagement field is translated through
modeltranslation; the interface around them is translated with gettext."""
