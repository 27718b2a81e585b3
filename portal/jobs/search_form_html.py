"""The search form's drop-downs as HTML, built once per process for each list of guides: of all
their options, only which one is selected depends on the request. WTForms still reads and checks
the search (portal.jobs.forms); it no longer renders the same forty options for every visit."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from markupsafe import Markup, escape

from portal.jobs.forms import JobSearchForm

# The drop-downs of the filter panel, in the order the page shows them.
SELECTS = ("workplace", "employment_type", "posted_within", "guide", "sort")


@dataclass(frozen=True)
class Options:
    """One drop-down's options: (value, as HTML, as HTML when selected)."""

    options: tuple[tuple[str, str, str], ...]

    def html(self, selected: object) -> Markup:
        chosen = "" if selected is None else str(selected)
        return Markup(  # noqa: S704 - built from escaped values below
            "".join(on if value == chosen else off for value, off, on in self.options)
        )


def _options(choices: list[tuple[str, str]]) -> Options:
    built = []
    for value, label in choices:
        value_attr, text = escape(value), escape(label)
        built.append(
            (
                str(value),
                f'<option value="{value_attr}">{text}</option>',
                f'<option selected value="{value_attr}">{text}</option>',
            )
        )
    return Options(tuple(built))


@functools.lru_cache(maxsize=16)
def select_options(guides: tuple[tuple[str, str], ...]) -> dict[str, Options]:
    """Each drop-down's options for a list of (slug, title) guides."""
    form = JobSearchForm(formdata=None, guides=guides)
    return {
        name: _options([(choice.value, choice.label) for choice in form[name].choices])
        for name in SELECTS
    }
