"""The default rule for non-traditional programs (Perkins V indicator 4S1).

Perkins V (section 3(33)) calls a field non-traditional when individuals of one sex make up
less than 25 percent of the people employed in its occupations. Pathways ships no employment-by-sex
data, so the default comes from the CIP code of the program, by the CIP series that state
non-traditional crosswalks (built on the NAPE crosswalk from Census/CPS employment by sex) list
as non-traditional. Staff can override the default on any program; the override is kept
(`nontraditional_set_by_staff`) and the rule no longer touches that program.

The rule: the longest matching prefix in `RULES` wins; no match means "not non-traditional".
See docs/programs.md.
"""

from __future__ import annotations

from .models import NonTraditional

# CIP prefix -> the sex for which programs in that series are non-traditional.
RULES: dict[str, str] = {
    # Fields where women hold fewer than 25 percent of the jobs.
    "01.02": NonTraditional.FEMALE,  # Agricultural mechanization
    "03.05": NonTraditional.FEMALE,  # Forestry
    "11": NonTraditional.FEMALE,  # Computer and information sciences
    "14": NonTraditional.FEMALE,  # Engineering
    "15": NonTraditional.FEMALE,  # Engineering technologies
    "43.02": NonTraditional.FEMALE,  # Fire protection
    "46": NonTraditional.FEMALE,  # Construction trades
    "47": NonTraditional.FEMALE,  # Mechanic and repair technologies
    "48": NonTraditional.FEMALE,  # Precision production (welding, machining)
    "49": NonTraditional.FEMALE,  # Transportation and materials moving
    # Fields where men hold fewer than 25 percent of the jobs.
    "12.04": NonTraditional.MALE,  # Cosmetology and personal grooming
    "13.12": NonTraditional.MALE,  # Teacher education: early childhood and elementary
    "19.07": NonTraditional.MALE,  # Human development and family studies, child care
    "51.06": NonTraditional.MALE,  # Dental support services
    "51.07": NonTraditional.MALE,  # Health and medical administrative services
    "51.08": NonTraditional.MALE,  # Allied health and medical assisting
    "51.38": NonTraditional.MALE,  # Registered nursing
    "51.39": NonTraditional.MALE,  # Practical nursing and nursing assistants
    "52.04": NonTraditional.MALE,  # Administrative assistant and secretarial
}


def nontraditional_default(cip_code: str) -> str:
    """The default `nontraditional_for` of a program with this CIP code ("48.0508" -> "female")."""
    best = ""
    for prefix in RULES:
        matches = cip_code == prefix or cip_code.startswith(prefix if "." in prefix else f"{prefix}.")
        if matches and len(prefix) > len(best):
            best = prefix
    return str(RULES[best]) if best else str(NonTraditional.NONE)
