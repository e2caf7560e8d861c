"""The 60 activities of the O*NET Interest Profiler Short Form and its answer scale, for translation.

`data/public/interest_profiler/onet_ip_short_form_60_items.csv` is the source of truth for the
English text and the order; this module repeats the 60 texts inside `gettext_lazy` so that
`makemessages` finds them and the Spanish catalogue can translate each one (a test checks that
the two agree, item by item). Item *i* (1-based) measures area `ITEM_AREAS[i - 1]`.

O*NET Interest Profiler™ is a trademark of USDOL/ETA; the items are used under the O*NET Career
Exploration Tools user's agreement (data/public/SOURCES.md).
"""

from __future__ import annotations

from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pathways.matching.interests import ITEM_AREAS, ITEM_COUNT

ITEMS: Final[tuple[Promise, ...]] = (
    _("Build kitchen cabinets"),
    _("Lay brick or tile"),
    _("Develop a new medicine"),
    _("Study ways to reduce water pollution"),
    _("Write books or plays"),
    _("Play a musical instrument"),
    _("Teach an individual an exercise routine"),
    _("Help people with personal or emotional problems"),
    _("Buy and sell stocks and bonds"),
    _("Manage a retail store"),
    _("Develop a spreadsheet using computer software"),
    _("Proofread records or forms"),
    _("Repair household appliances"),
    _("Raise fish in a fish hatchery"),
    _("Conduct chemical experiments"),
    _("Study the movement of planets"),
    _("Compose or arrange music"),
    _("Draw pictures"),
    _("Give career guidance to people"),
    _("Perform rehabilitation therapy"),
    _("Operate a beauty salon or barber shop"),
    _("Manage a department within a large company"),
    _("Install software across computers on a large network"),
    _("Operate a calculator"),
    _("Assemble electronic parts"),
    _("Drive a truck to deliver packages to offices and homes"),
    _("Examine blood samples using a microscope"),
    _("Investigate the cause of a fire"),
    _("Create special effects for movies"),
    _("Paint sets for plays"),
    _("Do volunteer work at a non-profit organization"),
    _("Teach children how to play sports"),
    _("Start your own business"),
    _("Negotiate business contracts"),
    _("Keep shipping and receiving records"),
    _("Calculate the wages of employees"),
    _("Test the quality of parts before shipment"),
    _("Repair and install locks"),
    _("Develop a way to better predict the weather"),
    _("Work in a biology lab"),
    _("Write scripts for movies or television shows"),
    _("Perform jazz or tap dance"),
    _("Teach sign language to people who are deaf or hard of hearing"),
    _("Help conduct a group therapy session"),
    _("Represent a client in a lawsuit"),
    _("Market a new line of clothing"),
    _("Inventory supplies using a hand-held computer"),
    _("Record rent payments"),
    _("Set up and operate machines to make products"),
    _("Put out forest fires"),
    _("Invent a replacement for sugar"),
    _("Do laboratory tests to identify diseases"),
    _("Sing in a band"),
    _("Edit movies"),
    _("Take care of children at a day-care center"),
    _("Teach a high-school class"),
    _("Sell merchandise at a department store"),
    _("Manage a clothing store"),
    _("Keep inventory records"),
    _("Stamp, sort, and distribute mail for an organization"),
)

#: The answer scale, in the order shown (1 Strongly Dislike ... 5 Strongly Like), as O*NET words it.
ANSWERS: Final[tuple[tuple[str, Promise], ...]] = (
    ("1", _("Strongly Dislike")),
    ("2", _("Dislike")),
    ("3", _("Unsure")),
    ("4", _("Like")),
    ("5", _("Strongly Like")),
)
ANSWER_LABELS: Final[dict[str, Promise]] = dict(ANSWERS)

assert len(ITEMS) == ITEM_COUNT == len(ITEM_AREAS)


def item_text(position: int) -> str:
    """The text of item `position` (1-60) in the current language."""
    return str(ITEMS[position - 1])
