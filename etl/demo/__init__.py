"""Seeded demo dataset of TVET Atlas, calibrated to the published figures of Zhetysu Region (see generator.py)."""

from .generator import DEFAULT_SEED, generate

__all__ = ["DEFAULT_SEED", "generate"]
