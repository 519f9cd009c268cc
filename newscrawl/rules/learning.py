"""Which pages the site learner reads: every page until the site's model is stable, then a sample.

Learning a page (its furniture blocks, its declared names) walks the page's whole tree, and at
real page weight that walk costs as much as a third of extracting the article. A site's chrome
(menus, footers, most-read lists) is learned within its first pages; after that nearly every
page only repeats what is known. So:

- **stable**: ``stable_pages`` article pages learned in a row each turned at most one block into
  furniture (a tag or a source line reaching its third page: a trickle, not new chrome);
- then one article page in ``sample_every`` is learned (listing pages always are: they are few,
  and a block on an article and a listing page is furniture at once);
- **redesign**: a learned page that turns two or more blocks into furniture puts the learner back
  on every page. New chrome shows so: a block of it on a listing page (always learned) and on a sampled
  article page is furniture at once, or on ``min_pages`` sampled article pages. (How much known
  furniture a page carries is no signal: one site's templates carry very different amounts.)

``stable_pages = 0`` learns every page (NEWSCRAWL_FURNITURE_STABLE_PAGES).

>>> schedule = LearningSchedule(stable_pages=2, sample_every=3)
>>> [schedule.wants(listing=False) for _ in range(2)]
[True, True]
>>> schedule.learned(listing=False, became=0, known=10); schedule.learned(listing=False, became=0, known=10)
>>> [schedule.wants(listing=False) for _ in range(6)], schedule.wants(listing=True)
([False, False, True, False, False, True], True)
>>> schedule.learned(listing=True, became=4, known=10)  # new chrome: learn every page again
>>> schedule.stable, schedule.restarts
(False, 1)
"""

from __future__ import annotations


#: Blocks a page may turn into furniture and still count as teaching nothing new.
TRICKLE = 1


class LearningSchedule:
    """Decides, page by page, whether the site learner reads it (see the module docstring)."""

    def __init__(self, stable_pages: int = 25, sample_every: int = 10) -> None:
        self.stable_pages = stable_pages
        self.sample_every = max(1, sample_every)
        self.quiet = 0  # article pages learned in a row that turned no block into furniture
        self.since_sample = 0
        self.restarts = 0  # times a stable model was found changed (counted in the stats)

    @property
    def stable(self) -> bool:
        return self.stable_pages > 0 and self.quiet >= self.stable_pages

    def wants(self, listing: bool) -> bool:
        """Learn this page? Always while the model is settling and for listing pages."""
        if listing or not self.stable:
            return True
        self.since_sample += 1
        if self.since_sample < self.sample_every:
            return False
        self.since_sample = 0
        return True

    def learned(self, listing: bool, became: int, known: int = 0) -> None:
        """What learning a page found: *became* blocks turned furniture (*known* already were)."""
        if became > TRICKLE:
            if self.stable:
                self.restarts += 1
            self.quiet, self.since_sample = 0, 0
        elif not listing:
            self.quiet += 1
