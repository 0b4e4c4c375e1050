"""Who may update the official data: addresses or @domains in [kpi] administrators, matched without case."""

from kpi.officers.access import is_administrator

ADMINS = ["Data.Team@example.gov.uk", "@finance.example.gov.uk"]


def test_a_listed_address_or_domain_is_an_administrator():
    assert is_administrator("data.team@EXAMPLE.gov.uk", ADMINS)
    assert is_administrator("anyone@finance.example.gov.uk", ADMINS)


def test_others_are_not():
    assert not is_administrator("officer@example.gov.uk", ADMINS)
    assert not is_administrator("someone@sub.finance.example.gov.uk", ADMINS)  # a domain means exactly that domain
    assert not is_administrator("", ADMINS) and not is_administrator("data.team@example.gov.uk", [])
