"""The company in the notebooks: the header that says which company is shown, views that
follow the company, the file pickers, and the workspace picker of ``00_start_here``.

A view shown with :meth:`CompanyNotebook.show` is drawn into an output area that is drawn
again whenever the participant picks another file (in this notebook or in Start here), so no
cell has to be run again. In solution mode every view is drawn once, as static output.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any, Callable

from workbook.climate.footprint import keep_upload
from workbook.company.state import ShownCompany, check_file, choose, current
from workbook.company.workspace import ROLE_OF_KIND, Workspace
from workbook.display import output_area, render, show_in
from workbook.errors import InputError
from workbook.i18n import N_, tr

ACCEPT = ".xlsx,.xlsm,.csv,.json"


def _draw(view: Callable[..., Any], company: ShownCompany, args: tuple, kwargs: dict) -> None:
    try:
        render(view(company, *args, **kwargs))
    except InputError as problem:  # a participant's file: the problems, never a traceback
        print(problem)


class CompanyNotebook:
    """The company one notebook shows, and the views that follow it."""

    def __init__(self, course: Any, company_file: str | Path | None = None, supplier_map: str | Path | None = None):
        self.course = course
        self.solution_mode = bool(getattr(course, "solution_mode", False))
        self.params: dict[str, Any] = {"footprint": company_file, "supplier_map": supplier_map}
        self.views: list[tuple[Any, Callable[[], None]]] = []
        self.company = self._resolve()

    def _resolve(self) -> ShownCompany:
        company = current(getattr(self.course, "home", None), self.params["footprint"], self.params["supplier_map"],
                          self.solution_mode)
        if hasattr(self.course, "company_name"):
            self.course.company_name = company.name
            self.course.company = None if company.footprint_file is None else company
        return company

    # ------------------------------------------------------------------ views
    def show(self, view: Callable[..., Any], *args: Any, **kwargs: Any):
        """Show ``view(company, *args)``; in a live notebook it is drawn again when the company changes.

        The view is drawn into an output area through the area's state (``display.show_in``),
        never by capturing the cell's messages, so it behaves the same in JupyterLab and Voilà.
        """
        if self.solution_mode:
            _draw(view, self.company, args, kwargs)
            return None

        def draw_view() -> None:
            _draw(view, self.company, args, kwargs)

        out = output_area(draw_view, "wb-company-view")  # while the cell runs: an error is the cell's error

        def redraw() -> None:
            try:
                show_in(out, draw_view)
            except Exception as error:  # a callback: keep the problem visible in the area
                message = tr("This part could not be drawn again for the new file: {problem}", problem=error)
                show_in(out, lambda: print(message))

        self.views.append((out, redraw))
        return out

    def refresh(self) -> None:
        """Read the company again (after a new file was chosen) and redraw every view."""
        self.company = self._resolve()
        for _out, redraw in self.views:
            redraw()
        for exercise_id, widget in getattr(self.course, "widgets", {}).items():
            if self.course.bank[exercise_id].data_bound:
                widget.rebind(self.course.exercise(exercise_id))

    def header(self):
        """Which company this notebook shows, and where each file comes from."""
        return self.show(lambda company: print(company.describe()))

    def __getattr__(self, name: str) -> Any:  # company.inventory, company.footprint, ... for code cells
        if name in ("course", "company", "views", "params", "solution_mode"):
            raise AttributeError(name)
        return getattr(self.company, name)

    # ------------------------------------------------------------------ choosing a file here
    def picker(self, roles: tuple[str, ...] = ("footprint", "supplier_map")):
        """File pickers for this notebook's company files; a new file updates the workspace and
        every view below. Nothing in solution mode."""
        if self.solution_mode:
            return None
        import ipywidgets as w

        status = w.HTML()
        labels = {"footprint": tr("Your climate data"), "supplier_map": tr("Your supplier map")}
        uploads = []
        for role in roles:
            up = w.FileUpload(accept=ACCEPT, multiple=False, description=labels[role],
                              layout=w.Layout(width="auto"))
            up.add_class(f"wb-upload-{role}")

            def picked(change, role=role) -> None:
                path = keep_upload(change["new"], Path(self.course.home) / "uploads")
                used, message = _use(self.course, path, expect=role, original=path.name) if path else (False, "")
                if used:
                    self.params[role] = None  # the participant's latest choice wins over a parameter
                    self.refresh()
                status.value = f"<pre class='wb-upload-status'>{html.escape(message)}</pre>"

            up.observe(picked, names="value")
            uploads.append(up)
        box = w.VBox([w.HBox(uploads), status])
        box.add_class("wb-company-picker")
        return box


def use_upload(course: Any, value: Any, expect: str | None = None) -> str:
    """Keep an uploaded file in the participant's folder and make it the workspace's file.
    Returns a message for the participant: what is used now, or every problem with the fix."""
    path = keep_upload(value, Path(course.home) / "uploads")
    if path is None:
        return ""
    return use_path(course, path, expect=expect, original=path.name)


KIND_WORDS = {"template": N_("template"), "activity_csv": N_("activity csv"),
              "footprint_json": N_("footprint json"), "supplier_map": N_("supplier map")}


def use_path(course: Any, path: str | Path, expect: str | None = None, original: str | None = None) -> str:
    """Make a file the workspace's file; returns the message for the participant."""
    return _use(course, path, expect, original)[1]


def _use(course: Any, path: str | Path, expect: str | None = None,
         original: str | None = None) -> tuple[bool, str]:
    """(whether the file is used now, the message for the participant)."""
    try:
        kind, name = check_file(path)
        if expect and ROLE_OF_KIND[kind] != expect:
            wanted = (tr("a climate data template, activity CSV or footprint JSON") if expect == "footprint"
                      else tr("a supplier map"))
            kind_word = tr(KIND_WORDS[kind]) if kind in KIND_WORDS else kind.replace("_", " ")
            return False, tr("{file} is a {kind}, not {wanted}: pick it with the other button.",
                             file=Path(path).name, kind=kind_word, wanted=wanted)
        role = choose(path, Path(course.home), original=original or str(path))
    except InputError as problem:
        return False, f"{problem}\n\n" + tr("Nothing changed: fix the file and pick it again.")
    message = (tr("Using {file} as your climate data", file=Path(path).name) if role == "footprint"
               else tr("Using {file} as your supplier map", file=Path(path).name))
    return True, message + (f" ({name})" if name else "") + "."


def company_picker(course: Any):
    """The workspace picker of Start here: upload or type a path, see what is used, go back to the sample."""
    if getattr(course, "solution_mode", False):
        from IPython.display import HTML

        return HTML("<p><i>" + tr("In your own notebook you pick your climate data template and your supplier "
                                  "map here; every notebook then shows your company.") + "</i></p>")
    import ipywidgets as w

    workspace = Workspace(Path(course.home))
    status = w.HTML()
    current_box = w.HTML()

    def show_current() -> None:
        info = workspace.show()
        rows = []
        for role, label in (("footprint", tr("Climate data")), ("supplier_map", tr("Supplier map"))):
            entry = info[role]
            kept = (tr("{file} (kept as {path})", file=Path(entry["original"]).name, path=entry["path"]) if entry
                    else tr("the sample company's"))
            rows.append(f"<li><b>{label}:</b> " + html.escape(kept) + "</li>")
        current_box.value = "<ul class='wb-workspace'>" + "".join(rows) + "</ul>"

    def report(message: str) -> None:
        status.value = f"<pre class='wb-upload-status'>{html.escape(message)}</pre>" if message else ""
        show_current()

    uploads = []
    for role, label in (("footprint", tr("Climate data")), ("supplier_map", tr("Supplier map"))):
        up = w.FileUpload(accept=ACCEPT, multiple=False, description=label, layout=w.Layout(width="auto"))
        up.add_class(f"wb-upload-{role}")
        up.observe(lambda change, role=role: report(use_upload(course, change["new"], expect=role)), names="value")
        uploads.append(up)
    path = w.Text(placeholder=tr("or type the path of a file on this computer"), layout=w.Layout(width="420px"))
    use = w.Button(description=tr("Use this file"))
    use.on_click(lambda _: report(use_path(course, Path(path.value.strip()).expanduser()) if path.value.strip()
                                  else tr("Type a path first.")))
    back = w.Button(description=tr("Back to the sample company"), button_style="warning")
    back.add_class("wb-back-to-sample")

    def to_sample(_) -> None:
        workspace.clear()
        report(tr("Back to the sample company: every notebook shows it again."))

    back.on_click(to_sample)
    show_current()
    box = w.VBox([w.HBox(uploads), w.HBox([path, use]), current_box, back, status])
    box.add_class("wb-company-picker")
    return box
