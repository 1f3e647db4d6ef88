"""Invitations and sign-in links: staff invite a facilitator or a council member, the person
signs in with the link (a button press, never a mere GET), lands on their own pages, and a
withdrawn, expired or broken link says so in the person's language without revealing
anything about the engagement."""

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from engagements import models
from engagements.services.access import sign_in_link_create, sign_in_link_revoke, sign_in_path
from offices.models import User
from tests import factories

pytestmark = pytest.mark.django_db

BASE_URL = "http://testserver"


@pytest.fixture
def facilitator(engagement):
    """A trained facilitator of ``engagement`` who leads its first morning group."""
    person = factories.trained_facilitator(
        engagement, name="Maria Lopez", email="maria@example.org"
    )
    factories.BreakoutGroupFactory(engagement=engagement, facilitator=person, name="Room 101")
    return person


@pytest.fixture
def group(facilitator):
    return models.BreakoutGroup.objects.get(facilitator=facilitator)


@pytest.fixture
def member(engagement):
    """A council member of ``engagement``, drawn from the planning group."""
    return models.CouncilMember.objects.create(
        engagement=engagement,
        stakeholder_group=factories.StakeholderGroupFactory(engagement=engagement),
        planning_member=factories.PlanningGroupMemberFactory(
            engagement=engagement, name="Dana Whitfield", email="dana@example.org"
        ),
        role=models.CouncilMember.Role.CHAIR,
    )


def invite(person, staff, *, language="en", email=None):
    """A link for ``person`` made by ``staff`` through the service."""
    return sign_in_link_create(
        person=person,
        user=staff,
        language=language,
        email=person.email if email is None and hasattr(person, "email") else (email or ""),
        base_url=BASE_URL,
    )


def link_url(link) -> str:
    return sign_in_path(link)


def invite_url(engagement, person) -> str:
    if isinstance(person, models.Facilitator):
        return reverse("engagements:facilitator_invite", args=[engagement.pk, person.pk])
    return reverse("engagements:councilmember_invite", args=[engagement.pk, person.pk])


def detail_url(link) -> str:
    return reverse("engagements:signinlink_detail", args=[link.engagement_id, link.pk])


def writes(queries) -> list[str]:
    """The writing SQL statements among ``queries``."""
    return [q["sql"] for q in queries if re.match(r"^\s*(INSERT|UPDATE|DELETE)\b", q["sql"], re.I)]


def assert_reveals_nothing(content: str, engagement, person, staff) -> None:
    """The page names neither the engagement, its office, the person nor the staff."""
    for secret in (
        engagement.community,
        str(engagement.office),
        person.name,
        staff.first_name,
        staff.last_name,
        staff.get_full_name(),
    ):
        assert secret not in content, secret


# -- staff: inviting -----------------------------------------------------------------------


def test_invite_page_explains_and_proposes_the_persons_address(
    staff_client, engagement, facilitator
):
    response = staff_client.get(invite_url(engagement, facilitator))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Invite" in content and "Maria Lopez" in content
    assert 'value="maria@example.org"' in content
    assert "a week after you close the breakout sessions" in content
    assert "Give it only to them" in content


def test_invite_by_email_in_the_persons_language(
    staff_client, engagement, facilitator, django_capture_on_commit_callbacks
):
    """Guards: the invitation goes to the address typed, in the language chosen (the link
    opens the Farsi pages), and makes an account without an office linked to the
    facilitator."""
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            invite_url(engagement, facilitator),
            {"language": "fa", "email": "maria.l@example.org", "form_token": uuid.uuid4()},
        )
    link = models.SignInLink.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(link)
    assert (link.facilitator, link.language, link.email) == (
        facilitator,
        "fa",
        "maria.l@example.org",
    )
    facilitator.refresh_from_db()
    assert facilitator.user == link.user
    assert link.user.office is None and link.user.language == "fa"
    assert not link.user.has_usable_password()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["maria.l@example.org"]
    assert email.subject.strip() and "\n" not in email.subject
    assert f"{BASE_URL}/fa/accounts/link/{link.pk}/?sesame=" in email.body
    # Written in Farsi: CRS's name as its Farsi brochure gives it, no English sentence.
    assert "خدمات روابط اجتماعی" in email.body
    assert "Community Relations Service" not in email.body
    assert "forward" not in email.body.lower()


class RefusingBackend:
    """An email backend whose mail server refuses everything."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_refuses_keeps_the_link_and_says_so(
    staff_client, engagement, facilitator, settings
):
    """Guards: when the invitation email cannot be sent, the link is still made (no 500)
    and the page says the email was not sent, offering the QR code. Transactional: the
    email goes once the link is committed, as in production."""
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    response = staff_client.post(
        invite_url(engagement, facilitator),
        {"language": "en", "email": "maria.l@example.org", "form_token": uuid.uuid4()},
        follow=True,
    )
    assert response.status_code == 200
    assert models.SignInLink.objects.count() == 1
    assert "The email could not be sent" in response.content.decode()


def test_invite_council_member_defaults_to_their_address(
    staff_client, engagement, member, django_capture_on_commit_callbacks
):
    page = staff_client.get(invite_url(engagement, member)).content.decode()
    assert 'value="dana@example.org"' in page
    assert "until you withdraw it" in page
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            invite_url(engagement, member),
            {"language": "en", "email": "dana@example.org", "form_token": uuid.uuid4()},
        )
    link = models.SignInLink.objects.get()
    assert link.council_member == member
    assert mail.outbox[0].to == ["dana@example.org"]
    assert f"/accounts/link/{link.pk}/?sesame=" in mail.outbox[0].body


def test_a_double_submit_makes_one_link(
    staff_client, engagement, facilitator, django_capture_on_commit_callbacks
):
    data = {"language": "en", "email": "maria@example.org", "form_token": uuid.uuid4()}
    with django_capture_on_commit_callbacks(execute=True):
        first = staff_client.post(invite_url(engagement, facilitator), data)
        second = staff_client.post(invite_url(engagement, facilitator), data)
    link = models.SignInLink.objects.get()
    assert first["Location"] == second["Location"] == detail_url(link)
    assert len(mail.outbox) == 1


def test_a_refused_invitation_keeps_what_was_typed(staff_client, engagement, facilitator):
    response = staff_client.post(
        invite_url(engagement, facilitator),
        {"language": "fa", "email": "maria-at-example", "form_token": uuid.uuid4()},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="maria-at-example"' in content
    assert re.search(r'<option value="fa"[^>]*selected', content)
    assert not models.SignInLink.objects.exists()


def test_a_link_without_email_is_shown_as_a_qr_code(staff_client, engagement, facilitator):
    """Guards the QR-code-only invitation: no email, and the link's page shows the address
    and an inline SVG QR code (no inline style: the CSP forbids it), not stored by the
    browser."""
    response = staff_client.post(
        invite_url(engagement, facilitator),
        {"language": "en", "email": "", "form_token": uuid.uuid4()},
    )
    link = models.SignInLink.objects.get()
    assert link.email == "" and not mail.outbox
    page = staff_client.get(response["Location"])
    assert "no-store" in page["Cache-Control"]
    content = page.content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", content, re.S)
    assert svg and 'role="img"' in svg.group(0) and "viewBox" in svg.group(0)
    assert "style=" not in svg.group(0)
    assert f'value="http://testserver{link_url(link)}"' in content
    assert "Send the email again" not in content
    assert "Withdraw the link" in content


def test_the_qr_code_encodes_the_link():
    """The SVG is a real QR code of the address (segno's own matrix, drawn)."""
    import segno

    from engagements.views.access import qr_code_svg

    svg = qr_code_svg("http://testserver/accounts/link/1/?sesame=abc", title="A <b>")
    size = segno.make("http://testserver/accounts/link/1/?sesame=abc", error="m").symbol_size(
        scale=1
    )
    assert f'viewBox="0 0 {size[0]} {size[1]}"' in svg
    assert 'aria-label="A &lt;b&gt;"' in svg


def test_the_email_can_be_sent_again(staff_client, engagement, facilitator):
    link = invite(facilitator, factories.UserFactory())  # the lead is another staff member
    mail.outbox.clear()
    page = staff_client.get(detail_url(link)).content.decode()
    assert "Send the email again" in page
    url = reverse("engagements:signinlink_send", args=[engagement.pk, link.pk])
    response = staff_client.post(url)
    assert response["Location"] == detail_url(link)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["maria@example.org"]
    assert staff_client.get(url).status_code == 405


def test_training_and_council_pages_list_links_and_invite(
    staff_client, engagement, facilitator, member, staff
):
    link = invite(facilitator, staff)
    training = staff_client.get(reverse("engagements:training", args=[engagement.pk]))
    content = training.content.decode()
    assert invite_url(engagement, facilitator) in content
    assert detail_url(link) in content and "In force" in content
    council = staff_client.get(reverse("engagements:council", args=[engagement.pk]))
    content = council.content.decode()
    assert invite_url(engagement, member) in content
    assert "Not invited to sign in" in content


# -- who may ---------------------------------------------------------------------------------


def test_staff_of_another_office_cannot_invite_see_send_or_revoke(
    client, other_staff, engagement, facilitator, staff
):
    link = invite(facilitator, staff)
    client.force_login(other_staff)
    mail.outbox.clear()
    assert client.get(invite_url(engagement, facilitator)).status_code == 404
    assert (
        client.post(
            invite_url(engagement, facilitator), {"language": "en", "email": "x@example.org"}
        ).status_code
        == 404
    )
    assert client.get(detail_url(link)).status_code == 404
    revoke = reverse("engagements:signinlink_revoke", args=[engagement.pk, link.pk])
    assert client.get(revoke).status_code == 404
    assert client.post(revoke).status_code == 404
    send = reverse("engagements:signinlink_send", args=[engagement.pk, link.pk])
    assert client.post(send).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
    assert models.SignInLink.objects.count() == 1 and not mail.outbox


def test_an_invited_person_cannot_see_the_staff_pages_of_links(
    client, engagement, facilitator, staff
):
    link = invite(facilitator, staff)
    client.force_login(link.user)
    assert client.get(detail_url(link)).status_code == 404
    assert client.get(invite_url(engagement, facilitator)).status_code == 404


# -- the link's page ---------------------------------------------------------------------------


def test_get_shows_a_sign_in_button_and_changes_nothing(client, facilitator, staff):
    """Guards "GET never signs in": an email scanner opening the link signs nobody in and
    writes nothing."""
    link = invite(facilitator, staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(link_url(link))
    assert response.status_code == 200
    assert not writes(queries.captured_queries)
    assert "_auth_user_id" not in client.session
    content = response.content.decode()
    assert "Welcome" in content and "Maria Lopez" in content
    assert 'name="sesame"' in content and 'type="submit"' in content
    assert response["Referrer-Policy"] == "strict-origin"  # the token stays on this page
    link.refresh_from_db()
    assert link.last_used_at is None


def test_post_signs_in_and_lands_on_the_facilitators_pages(client, facilitator, group, staff):
    link = invite(facilitator, staff, language="fa")
    token = link_url(link).split("sesame=")[1]
    response = client.post(link_url(link).split("?")[0], {"sesame": token})
    assert response.status_code == 302
    with translation.override("fa"):
        assert response["Location"] == reverse("facilitator_portal:home")
    assert response["Location"].startswith("/fa/")
    assert int(client.session["_auth_user_id"]) == link.user_id
    link.refresh_from_db()
    assert link.last_used_at is not None
    assert link.user.has_perm("engagements.view_group_notes", group)


def test_a_council_member_lands_on_the_council_pages(client, member, staff):
    link = invite(member, staff, email="dana@example.org")
    token = link_url(link).split("sesame=")[1]
    response = client.post(link_url(link).split("?")[0], {"sesame": token})
    assert response["Location"] == reverse("council_portal:home")


def test_post_without_a_valid_token_signs_nobody_in(client, facilitator, staff):
    link = invite(facilitator, staff)
    response = client.post(link_url(link).split("?")[0], {"sesame": "forged"})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


def test_invited_people_see_only_their_own_navigation(client, facilitator, member, staff):
    """Guards the landing: the staff home sends a facilitator to their pages, and the
    navigation bar shows them "My breakout groups" and no staff links."""
    link = invite(facilitator, staff)
    client.force_login(link.user)
    response = client.get(reverse("engagements:engagement_list"))
    assert response["Location"] == reverse("facilitator_portal:home")
    page = client.get(reverse("offices:account")).content.decode()
    assert "My breakout groups" in page
    assert reverse("facilitator_portal:home") in page
    assert "Open an engagement" not in page
    assert f'href="{reverse("engagements:engagement_list")}">Engagements' not in page
    assert "My councils" not in page


def test_staff_keep_their_navigation(staff_client):
    page = staff_client.get(reverse("offices:account")).content.decode()
    assert "My breakout groups" not in page
    assert "Open an engagement" in page


# -- revoked, expired, tampered ------------------------------------------------------------


def test_revoking_ends_access_at_once_also_in_an_open_session(
    staff_client, engagement, facilitator, group, staff
):
    """Guards revocation: the staff's POST ends the link (it no longer signs in: 410) and the
    access of a session already signed in with it."""
    link = invite(facilitator, staff)
    client = Client()  # the facilitator's phone
    client.force_login(link.user)
    assert client.get(reverse("engagements:engagement_list")).status_code == 302  # to portal
    user = User.objects.get(pk=link.user_id)
    assert user.has_perm("engagements.view_group_notes", group)

    revoke = reverse("engagements:signinlink_revoke", args=[engagement.pk, link.pk])
    assert "Withdraw the link" in staff_client.get(revoke).content.decode()
    response = staff_client.post(revoke)
    assert response["Location"] == detail_url(link)
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == staff

    user = User.objects.get(pk=link.user_id)
    assert not user.has_perm("engagements.view_group_notes", group)
    assert client.get(reverse("engagements:engagement_list")).status_code == 200  # no portal
    group_page = reverse("facilitator_portal:group", args=[group.pk])
    assert client.get(group_page).status_code == 404

    page = staff_client.get(detail_url(link)).content.decode()
    assert "sesame=" not in page and "<svg" not in page
    assert "Revoked" in page or "Withdrawn" in page


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_revoked_link_says_so_in_the_persons_language(
    client, engagement, facilitator, staff, language
):
    link = invite(facilitator, staff, language=language)
    sign_in_link_revoke(link=link, user=staff)
    with translation.override("en"):  # the page's URL in English; the person reads ...
        url = (
            reverse("sign_in_link", kwargs={"link_pk": link.pk})
            + "?"
            + link_url(link).split("?")[1]
        )
    response = client.get(url)
    assert response.status_code == 410
    content = response.content.decode()
    assert f'lang="{language}"' in content  # ... their own language
    assert ('dir="rtl"' in content) == (language == "fa")
    if language == "en":
        assert "This sign-in link was withdrawn" in content
        assert "the CRS staff member who invited you" in content
    assert_reveals_nothing(content, engagement, facilitator, staff)
    assert "_auth_user_id" not in client.session
    # the POST does not sign in either
    token = link_url(link).split("sesame=")[1]
    assert client.post(url.split("?")[0], {"sesame": token}).status_code == 410
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("language", ["en", "fa"])
def test_an_expired_link_says_so(client, engagement, facilitator, staff, language):
    """A facilitator's link ends a week after both rounds were closed (closed 8 days ago)."""
    link = invite(facilitator, staff, language=language)
    closed = timezone.now() - datetime.timedelta(days=8)
    models.Engagement.objects.filter(pk=engagement.pk).update(
        morning_closed_at=closed, afternoon_closed_at=closed
    )
    response = client.get(link_url(link))
    assert response.status_code == 410
    content = response.content.decode()
    assert f'lang="{language}"' in content
    assert ('dir="rtl"' in content) == (language == "fa")
    if language == "en":
        assert "This sign-in link has expired" in content
        assert "the CRS staff member who invited you" in content
    assert_reveals_nothing(content, engagement, facilitator, staff)
    token = link_url(link).split("sesame=")[1]
    assert client.post(link_url(link).split("?")[0], {"sesame": token}).status_code == 410
    assert "_auth_user_id" not in client.session


def test_a_link_closed_less_than_a_week_ago_still_works(client, engagement, facilitator, staff):
    link = invite(facilitator, staff)
    closed = timezone.now() - datetime.timedelta(days=6)
    models.Engagement.objects.filter(pk=engagement.pk).update(
        morning_closed_at=closed, afternoon_closed_at=closed
    )
    assert client.get(link_url(link)).status_code == 200


@pytest.mark.parametrize("language", ["en", "fa"])
def test_tampered_unknown_and_foreign_links_get_the_same_page(
    client, engagement, facilitator, member, staff, language
):
    """Guards the broken link: a changed token, a token of another link, no token, and an
    id that does not exist all get the same page (404), in the page's language, naming
    nothing."""
    link = invite(facilitator, staff, language=language)
    other = invite(member, staff, language=language, email="dana@example.org")
    path = link_url(link).split("?")[0]
    token = link_url(link).split("sesame=")[1]
    other_token = link_url(other).split("sesame=")[1]
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    with translation.override(language):
        unknown = reverse("sign_in_link", kwargs={"link_pk": other.pk + 1000})
    pages = []
    for url in (
        f"{path}?sesame={tampered}",
        f"{path}?sesame={other_token}",
        path,
        f"{unknown}?sesame={token}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        content = response.content.decode()
        assert f'lang="{language}"' in content
        assert ('dir="rtl"' in content) == (language == "fa")
        assert_reveals_nothing(content, engagement, facilitator, staff)
        pages.append(re.sub(r'name="(csrfmiddlewaretoken|next)" value="[^"]*"', "", content))
        pages[-1] = re.sub(r'value="/[^"]*"', "", pages[-1])
    if language == "en":
        assert "This sign-in link does not work" in pages[0]
    assert len(set(pages)) == 1
    assert client.post(path, {"sesame": tampered}).status_code == 404
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_sign_in(client, facilitator, staff):
    link = invite(facilitator, staff)
    User.objects.filter(pk=link.user_id).update(is_active=False)
    assert client.get(link_url(link)).status_code == 404


# -- one person, several engagements ----------------------------------------------------------


def test_one_person_in_two_engagements_has_one_account(staff, facilitator, engagement):
    other_engagement = factories.EngagementFactory(lead_staff=staff)
    same_person = factories.FacilitatorFactory(
        engagement=other_engagement, name="Maria Lopez", email="MARIA@example.org"
    )
    first = invite(facilitator, staff)
    second = invite(same_person, staff)
    assert first.user == second.user
    facilitator.refresh_from_db()
    same_person.refresh_from_db()
    assert facilitator.user == same_person.user == first.user
    assert User.objects.filter(office__isnull=True).count() == 1


def test_a_link_never_signs_in_as_staff(client, engagement, staff):
    """A facilitator whose address is a staff member's gets their own account, not the
    staff account."""
    staff.email = "staff@example.org"
    staff.save()
    person = factories.FacilitatorFactory(engagement=engagement, email="staff@example.org")
    link = invite(person, staff)
    assert link.user != staff and link.user.office is None


def test_staff_already_signed_in_become_the_invited_person(client, facilitator, staff):
    """Signing in with a link on a browser where staff were signed in replaces that session."""
    link = invite(facilitator, staff)
    client.force_login(staff)
    client.post(link_url(link).split("?")[0], {"sesame": link_url(link).split("sesame=")[1]})
    assert int(client.session["_auth_user_id"]) == link.user_id


def test_the_printable_card_is_in_the_invitees_language(staff_client, engagement, member, staff):
    """Staff reading Farsi print a card in the invitee's language (here Vietnamese, left to
    right), which the print style sheet prints alone."""
    link = invite(member, staff, language="vi", email="")
    with translation.override("fa"):
        url = detail_url(link)
    content = staff_client.get(url).content.decode()
    assert '<html lang="fa" dir="rtl">' in content
    assert re.search(r'<section class="card sign-in-card" lang="vi" dir="ltr"', content)
    assert "/static/css/sign_in_link.css" in content
