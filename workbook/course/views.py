"""The facilitator's cohort notebook: tables and charts of a cohort, refreshed with one button.

Every cell of ``notebooks/facilitator/cohort.ipynb`` is one call on a :class:`CohortView`. In a
live session each section sits in an output area that the refresh button redraws, so a
facilitator can ask a question in a webinar and show the cohort's first answers a minute later.
In solution mode the sections are plain output (readable without a kernel).
"""
from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from workbook.course.cohort import GRADED, MIN_GROUP, CohortReport, load_cohort, summarise, write_demo_cohort
from workbook.curriculum import load_curriculum
from workbook.display import new_figure, output_area, show_figure, show_html, show_in, table
from workbook.exercises import STYLE, load_bank, wording
from workbook.i18n import tr, translate

DEMO_PARTICIPANTS = 40
MODULE_COLOURS = ("#2b6cb0", "#38a169", "#d69e2e", "#805ad5", "#c53030")


def answer_shown(answer: str) -> str:
    """A stored answer (English: the option text, ``a | b`` for several, ``item → group; ...`` for a
    classification) in the reader's language; the cohort counts the English, so one answer in two
    languages is one group."""
    whole = wording(answer)
    if whole != answer or not answer:
        return whole
    if " → " in answer:  # an item may hold "; " itself: replace the bank's known texts, longest first
        for text in _classify_texts():
            if text in answer:
                answer = answer.replace(text, wording(text))
        return answer
    if " | " in answer:
        return " | ".join(wording(part) for part in answer.split(" | "))
    return answer


def _classify_texts() -> list[str]:
    """The items and groups of every classification exercise, longest first."""
    texts = {str(t) for ex in load_bank().values() if ex.kind == "classify"
             for t in [*ex.spec["categories"], *(i["text"] for i in ex.spec["items"])]}
    return sorted(texts, key=len, reverse=True)


class CohortView:
    """A cohort read from its source, with one method per section of the notebook."""

    def __init__(self, source: Any = None, solution_mode: bool = False, token: str | None = None) -> None:
        self.solution_mode = bool(solution_mode)
        self.curriculum, self.bank = load_curriculum(), load_bank()
        self._demo: tempfile.TemporaryDirectory | None = None
        self.hub: str | None = None
        self.token = token or os.environ.get("JUPYTERHUB_API_TOKEN")
        if source is None:
            self._demo = tempfile.TemporaryDirectory(prefix="workbook-demo-cohort-")
            write_demo_cohort(self._demo.name, self.bank, self.curriculum, participants=DEMO_PARTICIPANTS)
            self.sources: list[Path] = [Path(self._demo.name)]
            self.label = tr("a demo cohort of {n} invented participants", n=DEMO_PARTICIPANTS)
        elif isinstance(source, str) and source.startswith(("http://", "https://")):
            self.hub, self.sources = source, []
            self.label = tr("the participants on the hub")
        else:
            items = source if isinstance(source, (list, tuple)) else [source]
            self.sources = [Path(s).expanduser() for s in items]
            self.label = tr("the participants' files in {folders}",
                            folders=", ".join(s.name or str(s) for s in self.sources))
        self._sections: list[tuple[Any, Callable[[], None]]] = []
        self._status = None
        self.report: CohortReport = self._read()

    def _read(self) -> CohortReport:
        cohort = load_cohort(self.sources, hub=self.hub, token=self.token)
        return summarise(cohort, self.curriculum, self.bank)

    # ------------------------------------------------------------------ live sections
    def _section(self, render: Callable[[], None]) -> None:
        if self.solution_mode:
            render()
            return
        from IPython.display import display

        out = output_area(render)  # filled through its state: see display.show_in
        self._sections.append((out, render))
        display(out)

    def refresh(self) -> None:
        """Read the sources again and redraw every section shown so far."""
        self.report = self._read()
        for out, render in self._sections:
            show_in(out, render, errors="show")
        if self._status is not None:
            self._status.value = self._status_text()

    def _status_text(self) -> str:
        r = self.report
        problems = ("; " + tr("{n} file(s) could not be used, see the end", n=len(r.problems))) if r.problems else ""
        return tr("{n} participants: {who}", n="<b>" + str(r.participants) + "</b>", who=html.escape(self.label)) + problems + "."

    def refresh_button(self) -> None:
        """A button that reads the cohort again (in solution mode: what it would show)."""
        if self.solution_mode:
            live = tr("In a live session a Refresh button here reads the cohort again.")
            show_html(f"<p>{self._status_text()} <i>{live}</i></p>")
            return
        import ipywidgets as w
        from IPython.display import display

        button = w.Button(description=tr("Refresh"), icon="refresh", button_style="primary",
                          tooltip=tr("read the participants' answers again"))
        self._status = w.HTML(self._status_text())
        button.on_click(lambda _b: self.refresh())
        display(w.HBox([button, self._status]).add_class("wb-cohort-refresh"))

    # ------------------------------------------------------------------ the sections
    def summary(self) -> None:
        """Per module: participants who started it, completed it, and the mean completion."""
        def render() -> None:
            rows = [{tr("module"): translate(i["title"]), tr("participants started"): i["started"],
                     tr("completed"): i["completed"], tr("mean completion"): f"{i['mean_percent']}%"}
                    for i in self.report.modules.values()]
            from IPython.display import display

            display(table(rows))
        self._section(render)

    def completion_chart(self) -> None:
        """Mean completion per learning objective, coloured by module."""
        def render() -> None:
            rows = [o for o in self.report.objectives if o["exercises"]]
            if not self.report.participants or not rows:
                show_html("<p>" + tr("No participant has answered yet.") + "</p>")
                return
            modules = list(self.curriculum.modules)
            fig, ax = new_figure(10, 0.28 * len(rows) + 1.2)
            ax.barh([o["id"] for o in rows], [o["mean_percent"] for o in rows],
                    color=[MODULE_COLOURS[modules.index(o["module"]) % len(MODULE_COLOURS)] for o in rows])
            ax.invert_yaxis()
            ax.set_xlim(0, 100)
            ax.set_xlabel(tr("mean completion of the objective's exercises (%)"))
            ax.set_title(tr("How far the cohort is ({n} participants)", n=self.report.participants))
            ax.tick_params(axis="y", labelsize=9)
            fig.tight_layout()
            show_figure(fig)
        self._section(render)

    def first_try_chart(self, objective: str | None = None) -> None:
        """Share right at the first try per exercise (only exercises with 3 or more first tries)."""
        def render() -> None:
            stats = [e for e in self.report.exercises if e.share_right_first_try is not None
                     and (objective is None or e.objective == objective)]
            if not stats:
                show_html("<p>" + tr("No exercise has {n} or more first tries yet.", n=MIN_GROUP) + "</p>")
                return
            fig, ax = new_figure(10, 0.24 * len(stats) + 1.2)
            shares = [100 * (e.share_right_first_try or 0) for e in stats]
            ax.barh([e.exercise for e in stats], shares,
                    color=["#38a169" if s >= 70 else "#d69e2e" if s >= 40 else "#c53030" for s in shares])
            ax.invert_yaxis()
            ax.set_xlim(0, 100)
            ax.set_xlabel(tr("right at the first try (%)"))
            ax.set_title(tr("First tries per exercise"))
            ax.tick_params(axis="y", labelsize=8)
            fig.tight_layout()
            show_figure(fig)
        self._section(render)

    def wrong_answers(self, objective: str | None = None) -> None:
        """The most common wrong first answers (groups of 3 or more), to discuss in the session."""
        def render() -> None:
            rows = [{tr("exercise"): e.exercise, tr("question"): wording(e.title),
                     tr("wrong first answer"): answer_shown(a), tr("participants"): n}
                    for e in self.report.exercises if objective is None or e.objective == objective
                    for a, n in e.common_wrong]
            if not rows:
                show_html("<p>" + tr("No wrong answer was given by {n} or more participants.", n=MIN_GROUP) + "</p>")
                return
            from IPython.display import display

            display(table(rows))
        self._section(render)

    def exercises(self) -> None:
        """Per exercise: how many answered, first tries, share right at the first try."""
        def render() -> None:
            rows = [{tr("exercise"): e.exercise, tr("objective"): e.objective, tr("answered"): e.answered,
                     tr("first tries"): e.first_tries,
                     tr("right at first try"): (tr("not graded") if e.kind not in GRADED else
                                                f"{round(100 * e.share_right_first_try)}%"
                                                if e.share_right_first_try is not None
                                                else tr("under {n}", n=MIN_GROUP))}
                    for e in self.report.exercises if e.answered or e.first_tries]
            if not rows:
                show_html("<p>" + tr("No answers yet.") + "</p>")
                return
            from IPython.display import display

            display(table(rows))
        self._section(render)

    def participants(self) -> None:
        """Exercises done per participant (numbered, never named) and module: for the records."""
        def render() -> None:
            modules = self.curriculum.modules
            rows = [{tr("participant"): f"#{p['participant']}", tr("exercises done"): f"{p['done']}/{p['total']}",
                     **{translate(modules[m]): f"{v['done']}/{v['total']}" for m, v in p["modules"].items()
                        if m in modules}}
                    for p in self.report.people]
            if not rows:
                show_html("<p>" + tr("No participant found.") + "</p>")
                return
            from IPython.display import display

            display(table(rows))
        self._section(render)

    def files(self) -> None:
        """Files that could not be used (or only in part), each with the reason."""
        def render() -> None:
            notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.report.notes)
            if not self.report.problems:
                every = tr("Every file could be read.")
                show_html(f"{STYLE}<p>{every}</p>" + (f"<ul>{notes}</ul>" if notes else ""))
                return
            items = "".join(f"<li>{html.escape(str(p))}</li>" for p in self.report.problems)
            heading = tr("Not counted, or counted in part:")
            show_html(f'{STYLE}<div class="wb-warn"><b>{heading}</b><ul>{items}{notes}</ul></div>')
        self._section(render)


def cohort_view(cohort_source: Any = None, solution_mode: bool = False, token: str | None = None) -> CohortView:
    """The facilitator's view: ``None`` for a demo cohort, a folder, files, or a hub's URL."""
    return CohortView(cohort_source, solution_mode=solution_mode, token=token)
