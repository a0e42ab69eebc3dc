"""Sign-in (tvet/stewards.py): an unknown name costs the same PBKDF2 work as a known one, so timing tells no
steward name apart. The work is counted (the iterations PBKDF2 is asked for), not timed: timed tests flake."""

import hashlib

import pytest

from tvet import stewards

KNOWN = {"aigerim": stewards.hash_password("correct horse battery", iterations=20_000),
         "bolat": stewards.hash_password("another long password", iterations=50_000),
         "emails": ["steward@edu.gov.kz"]}


@pytest.fixture
def work(monkeypatch):
    """The iteration counts PBKDF2 is asked for during a call (the real function still runs)."""
    asked: list[int] = []
    real = hashlib.pbkdf2_hmac

    def counting(name, password, salt, iterations, *args):
        asked.append(iterations)
        return real(name, password, salt, iterations, *args)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counting)
    return asked


def test_known_and_unknown_names_cost_the_same_work(work):
    assert stewards.check(KNOWN, "bolat", "another long password") is True
    known = sum(work)
    work.clear()
    assert stewards.check(KNOWN, "nobody", "another long password") is False
    assert sum(work) == known == 50_000  # the costliest listed hash; the decoy is never cheaper


@pytest.mark.parametrize("name", ["aigerim", "nobody", "emails", ""])
def test_a_wrong_password_or_an_unknown_name_never_signs_in(name):
    assert stewards.check(KNOWN, name, "wrong password") is False


def test_a_malformed_hash_is_treated_as_an_unknown_name(work):
    assert stewards.check({"x": "pbkdf2_sha256$nope$00$00", "y": KNOWN["aigerim"]}, "x", "anything") is False
    assert sum(work) == 20_000


def test_without_any_readable_hash_the_decoy_costs_the_default():
    assert stewards.decoy_iterations({}) == stewards.decoy_iterations({"x": "garbage"}) == stewards.ITERATIONS
