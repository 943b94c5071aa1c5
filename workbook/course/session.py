"""The course session a notebook opens with ``workbook.start()``.

It ties content (the exercise bank, the curriculum), the participant's progress file and
the display together. In solution mode it writes nothing and renders static HTML.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from workbook.course.progress import ProgressStore
from workbook.course.language_picker import LANGUAGE_KEY, language_picker
from workbook.course.progress_report import by_module, completion, export_excel
from workbook.curriculum import load_curriculum
from workbook.display import WIDGET_CSS, for_frontend, in_voila
from workbook.display import configure as configure_display
from workbook.errors import ProgressWarning, WorkbookError, plain_value
from workbook.i18n import N_, tr, translate
from workbook.language import check as check_language
from workbook.language import remember, set_language
from workbook.exercises import STYLE, ExerciseWidget, Verdict, explanation_html, load_bank, solution_html, verdict_html
from workbook.paths import shadows_package, workbook_home


# How to use a notebook, in the front end it is read in (JupyterLab, or Voila where every cell
# has run and the code is hidden). A solution notebook is read like JupyterLab.
RUN_HELP_LAB = N_("Run the notebook from top to bottom: <b>Run › Run All Cells</b> in the menu, or "
                  "<b>Shift+Enter</b> to run one cell and move to the next.")
RUN_HELP_VOILA = N_("Everything on this page has already run: answer in the boxes and press <b>Check</b>.")
CODE_EXERCISE_VOILA = N_("A code exercise: open this notebook in JupyterLab to write and run the code. "
                         "Nothing else depends on it.")


def run_help() -> str:
    """How to run this notebook, for the front end it is shown in."""
    return for_frontend(tr(RUN_HELP_LAB), tr(RUN_HELP_VOILA))


def code(text: object) -> str:
    """A file name or path as HTML code."""
    return "<code>" + html.escape(str(text)) + "</code>"


def _display(obj: Any) -> None:
    from IPython.display import display

    display(obj)


def _html(text: str):
    from IPython.display import HTML

    return HTML(text)


class Session:
    """Exercises, progress and the course map for one participant."""

    def __init__(self, solution_mode: bool = False, notebook: str | None = None,
                 home: str | Path | None = None, quiet: bool = False, language: str | None = None) -> None:
        self.solution_mode = bool(solution_mode)
        if language is not None:
            set_language(language)  # a ValueError names the choices
        self.notebook = notebook
        self.home = Path(home) if home else workbook_home()
        self.curriculum = load_curriculum()
        self.bank = load_bank()
        self.store = ProgressStore(self.home)
        self.widgets: dict[str, Any] = {}
        self.company_name: str | None = None  # the company the notebook shows, recorded with each answer
        self.company: Any = None  # the participant's own company, when the notebook shows one (not the sample)
        configure_display()
        if not self.solution_mode:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ProgressWarning)  # shown below, visibly
                try:
                    self.store.read()
                    remember(self.store.get_data(LANGUAGE_KEY))
                    if language is not None:
                        self.store.set_data(LANGUAGE_KEY, check_language(language))
                except OSError as exc:
                    self.store.warning = tr("Your progress folder {folder} cannot be used ({problem}).",
                                            folder=self.home, problem=exc)
            if not quiet:
                self._banner()

    # ------------------------------------------------------------------ display
    def _banner(self) -> None:
        warning = tr("Warning:")
        if shadows_package(self.home):
            text = tr("your answers folder is called {folder}, like the course package; Python may load it "
                      "instead of the course. Ask your facilitator to set WORKBOOK_HOME to a folder with another "
                      "name, such as {example}.", folder=code(self.home.name),
                      example=code("~/workbook-data"))
            _display(_html(f'{STYLE}<div class="wb-warn"><b>{warning}</b> {text}</div>'))
        if self.store.warning:
            _display(_html(f'{STYLE}<div class="wb-warn"><b>{warning}</b> {html.escape(self.store.warning)}</div>'))
        else:
            n = len(self.store.answers())
            saved = tr("Your answers are saved automatically ({n} so far) in {path}.", n=n,
                       path=code(self.store.path))
            _display(_html(f"{WIDGET_CSS}<small class='wb-run-help'>{run_help()}<br>{saved}</small>"))

    def exercise(self, exercise_id: str):
        """The exercise with this id (bound to the participant's own company when the notebook
        shows one and the exercise is data-bound); a clear error names close ids on a typo."""
        try:
            return self.bank[exercise_id].bound_to(self.company)
        except KeyError:
            import difflib

            close = difflib.get_close_matches(exercise_id, list(self.bank), n=3)
            hint = " " + tr("Did you mean {ids}?", ids=", ".join(repr(c) for c in close)) if close else ""
            raise WorkbookError(tr("There is no exercise '{id}'.", id=exercise_id) + hint) from None

    def widget(self, exercise_id: str):
        """Build (without displaying) the interactive widget of an exercise."""

        ex = self.exercise(exercise_id)
        saved = self.store.answer(ex.id) if not self.solution_mode else None
        widget = ExerciseWidget(ex, self._save, saved, seed=self.participant_seed())
        if ex.kind == "code" and in_voila():  # the code and its check cell are hidden: nothing to check here
            widget.check_button.layout.display = "none"
        self.widgets[ex.id] = widget
        return widget

    def participant_seed(self) -> str | None:
        """This participant's key for the order of options: derived from their own folder, so the
        order stays the same after a restart, differs from other participants', and nothing is
        written before they answer. None in solution mode (solutions are byte-identical)."""
        if self.solution_mode:
            return None
        import hashlib

        return hashlib.sha256(str(self.home.expanduser().resolve()).encode("utf-8")).hexdigest()[:16]

    def show(self, exercise_id: str) -> None:
        """Show an exercise: a widget, or its solution as static HTML in solution mode."""

        if self.solution_mode:
            _display(_html(solution_html(self.exercise(exercise_id))))
        else:
            _display(self.widget(exercise_id).box)

    def check(self, exercise_id: str, value: Any) -> "CheckOutcome":
        """Check a value computed in a code exercise; show why it is right or wrong."""

        ex = self.exercise(exercise_id)
        verdict = ex.judge(value)
        if not verdict.answered and in_voila():  # no code to write on a presented page
            verdict = Verdict(None, tr(CODE_EXERCISE_VOILA), answered=False)
        body = verdict_html(verdict)
        if verdict.correct:
            body += explanation_html(ex)
        _display(_html(f'{STYLE}<div class="wb-card wb-exercise-{ex.id} wb-feedback">{body}</div>'))
        if not self.solution_mode and verdict.answered and value is not Ellipsis:
            plain = plain_value(value)  # np.int64(4) is stored as 4, a date as 2027-12-14
            stored = plain if isinstance(plain, (int, float, str, bool, list, dict)) or plain is None else str(plain)
            self._save(ex.id, stored, correct=verdict.correct, checked=True)
        return CheckOutcome(verdict.correct)

    def _save(self, exercise_id: str, value: Any, correct: bool | None = None, checked: bool = False) -> None:
        if not self.solution_mode:
            self.store.record(exercise_id, value, correct=correct, checked=checked, company=self.company_name)

    # ------------------------------------------------------------------ language
    def choose_language(self, value: str) -> str:
        """Use this language from now on and keep the choice with the participant's progress."""
        lang = check_language(value)
        remember(lang)
        if not self.solution_mode:
            self.store.set_data(LANGUAGE_KEY, lang)
        return lang

    def language_picker(self) -> None:
        """English or Nederlands: the choice is kept with the progress and every notebook follows it."""
        _display(language_picker(self))

    # ------------------------------------------------------------------ data
    def answer(self, exercise_id: str, default: Any = None) -> Any:
        """A saved answer's value (``default`` when unanswered, or in solution mode)."""
        if self.solution_mode:
            return default
        entry = self.store.answer(exercise_id)
        return default if entry is None else entry.get("value", default)

    def save(self, key: str, value: Any) -> None:
        """Keep other participant data (an ambition level, a question list) with the answers."""
        if not self.solution_mode:
            self.store.set_data(key, value)

    def load(self, key: str, default: Any = None) -> Any:
        return default if self.solution_mode else self.store.get_data(key, default)

    # ------------------------------------------------------------------ progress
    def progress_rows(self):
        answers = {} if self.solution_mode else self.store.answers()
        return completion(self.curriculum, self.bank, answers)

    def progress(self) -> None:
        """Show the course map with the participant's own progress."""
        _display(_html(course_map_html(self.curriculum, self.progress_rows())))

    def export(self, path: str | Path | None = None) -> Path | None:
        """Write the answers to an Excel file to hand in, and offer it as a download."""

        if self.solution_mode:
            text = tr("In your own notebook this writes your answers to an Excel file and offers it for download.")
            _display(_html(f"<p><i>{text}</i></p>"))
            return None
        path = Path(path) if path else self.home / "exports" / "workbook-answers.xlsx"
        out = export_excel(path, self.curriculum, self.bank, self.store.read(), rename=True)
        import ipywidgets as w

        link = w.HTML(download_link_html(out))
        again = w.Button(description=tr("Export again"), icon="download",
                         tooltip=tr("Write the file again with every answer given so far"))

        def export_again(_=None) -> None:
            again_path = export_excel(path, self.curriculum, self.bank, self.store.read(), rename=True)
            link.value = download_link_html(again_path)

        again.on_click(export_again)
        box = w.VBox([link, again])
        box.add_class("wb-export")
        _display(box)
        return out

    def download_link(self, path: str | Path) -> None:
        """Offer a file the participant wrote (e.g. an Excel export) as a download link."""
        if self.solution_mode:
            text = tr("In your own notebook a download link for {file} appears here.",
                      file=html.escape(Path(path).name))
            _display(_html(f"<p><i>{text}</i></p>"))
        else:
            _display(_html(download_link_html(Path(path))))


class CheckOutcome:
    """The outcome of ``course.check``: truthy when correct, and silent as a cell's last value."""

    def __init__(self, correct: bool | None) -> None:
        self.correct = correct

    def __bool__(self) -> bool:
        return self.correct is True

    def __repr__(self) -> str:
        return f"CheckOutcome(correct={self.correct})"

    def _ipython_display_(self) -> None:  # the feedback is already shown above
        pass


def download_link_html(path: Path, max_bytes: int = 20_000_000) -> str:
    """A link that downloads the file itself, so it works in JupyterLab, on a hub and in Voilà."""
    path = Path(path)
    name = html.escape(path.name)
    saved = tr("Saved as {path}", path=code(path))
    if path.stat().st_size > max_bytes:
        too_large = tr("(too large to offer as a download link)")
        return f"<p>{saved} {too_large}.</p>"
    mime = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if path.suffix == ".xlsx" else "application/octet-stream")
    data = base64.b64encode(path.read_bytes()).decode()
    download = tr("Download {file}", file=name)
    return (f'<p>{saved}. '
            f'<a download="{name}" href="data:{mime};base64,{data}" '
            f'style="font-weight:bold">⬇ {download}</a></p>')


def course_map_html(curriculum, rows) -> str:
    """The modules and objectives, with a progress bar per objective."""

    totals = by_module(rows)
    out = [STYLE, '<div class="wb-map">']
    left = 'style="text-align:left"'
    objective, learn, notebook, progress = tr("Objective"), tr("What you learn"), tr("Notebook"), tr("Progress")
    heads = (f"<th {left}>{objective}</th><th {left}>{learn}</th>"
             f"<th {left}>{notebook}</th><th>{progress}</th>")
    for module, title in curriculum.modules.items():
        done, total = totals.get(module, (0, 0))
        count = tr("({done}/{total} exercises done)", done=done, total=total)
        out.append(f"<h4>{html.escape(translate(title))} <small>{count}</small></h4>")
        out.append(f"<table><tr>{heads}</tr>")
        for r in rows:
            if r.module != module:
                continue
            obj = curriculum.objectives[r.objective]
            if r.status != "ready":
                bar = "<i>" + tr("coming soon") + "</i>"
            else:
                pct = r.percent
                bar = (f'<span style="display:inline-block;width:90px;background:#e2e8f0;border-radius:3px">'
                       f'<span style="display:inline-block;width:{pct}%;background:#38a169;height:9px;'
                       f'border-radius:3px"></span></span> {r.done}/{r.total}')
            nb = html.escape(obj.notebook.removeprefix("notebooks/"))
            out.append(f"<tr><td><b>{html.escape(r.objective)}</b></td><td style='text-align:left'>"
                       f"{html.escape(translate(r.title))}</td><td style='text-align:left'><code>{nb}</code></td>"
                       f"<td>{bar}</td></tr>")
        out.append("</table>")
    out.append("</div>")
    return "".join(out)
