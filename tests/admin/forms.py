"""Read an admin page's form the way a browser would submit it, so tests can post real
admin forms (every hidden field, inline and checkbox included) with a few fields changed."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.pairs: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        # A field outside the form joins it with form="<id>", as in a browser.
        if not (self.inside or a.get("form") == self.form_id) or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.pairs.append((name, a.get("value", "")))
        elif tag == "textarea" and name and self.inside:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.pairs.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.pairs.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False


def read_form(html: str, form_id: str) -> dict[str, str | list[str]]:
    """The form's fields as a test client's POST data (repeated names become lists)."""
    reader = FormReader(form_id)
    reader.feed(html)
    data: dict[str, str | list[str]] = {}
    for name, value in reader.pairs:
        if name in data:
            data[name] = [*([data[name]] if isinstance(data[name], str) else data[name]), value]
        else:
            data[name] = value
    assert data, f"no form with id {form_id!r} on the page"
    return data


def publish_form(client, note: str = "Checked against the sources.", mark_ready: bool = True) -> dict:
    """The review page's publish form as the page gave it (what was reviewed included), with
    the warnings acknowledged. Every draft is first marked ready for review (issue 16's
    workflow), unless `mark_ready` is False."""
    from django.urls import reverse

    from liability import publishing

    if mark_ready:
        for draft in publishing.drafts():
            if not draft.ready:
                publishing.mark_ready(None, draft.item, "")
    form = read_form(client.get(reverse("admin:liability_publish")).text, "publish_form")
    return form | {"review_note": note, "acknowledge": "1"}
