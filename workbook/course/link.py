"""Links that bring a participant into the course: nbgitpuller for a JupyterHub, Binder for a look.

nbgitpuller names the folder it clones into after the repository URL's last part, ``.git``
included, unless told otherwise; a link whose ``urlpath`` assumes another name then opens a
404. So the link always sets ``targetpath`` and builds ``urlpath`` from that same name.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, urlencode, urlsplit

from workbook.errors import InputError, Problem

START_NOTEBOOK = "notebooks/00_start_here.ipynb"
BINDER = "https://mybinder.org/v2"


@dataclass(frozen=True)
class CourseLinks:
    """The links for one hub, repository, branch and notebook."""

    nbgitpuller: str
    binder: str | None
    hub: str
    repo: str
    branch: str
    targetpath: str
    notebook: str

    def as_dict(self) -> dict:
        return asdict(self)


def target_folder(repo: str) -> str:
    """The folder name for a repository: its URL's (or path's) last part, without ``.git``."""
    last = repo.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    name = re.sub(r"\.git$", "", last)
    return name or "course"


def _hub_base(hub: str) -> str:
    parts = urlsplit(hub)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError([Problem("the hub must be a web address", value=hub,
                                  fix="give it as https://hub.example.org (http:// only on your own machine)")],
                         title="Cannot make the link")
    return re.sub(r"/hub/?$", "", hub.rstrip("/"))


def _clean_relative(path: str, what: str) -> str:
    p = PurePosixPath(path.strip().lstrip("/"))
    if not path.strip() or ".." in p.parts:
        raise InputError([Problem(f"the {what} must be a path inside the repository", value=path,
                                  fix=f"for example {START_NOTEBOOK}")], title="Cannot make the link")
    return p.as_posix()


def binder_link(repo: str, branch: str, notebook: str) -> str | None:
    """A mybinder.org launch link, or None when the repository is not on a public git host."""
    parts = urlsplit(repo)
    if parts.scheme not in ("http", "https", "git") or not parts.netloc:
        return None  # a path on this machine: Binder cannot reach it
    query = urlencode({"urlpath": f"lab/tree/{notebook}"}, quote_via=quote, safe="")
    path = re.sub(r"\.git$", "", parts.path.strip("/"))
    if parts.netloc == "github.com" and path.count("/") == 1:
        return f"{BINDER}/gh/{path}/{quote(branch, safe='')}?{query}"
    if parts.netloc == "gitlab.com":
        return f"{BINDER}/gl/{quote(path, safe='')}/{quote(branch, safe='')}?{query}"
    return f"{BINDER}/git/{quote(repo, safe='')}/{quote(branch, safe='')}?{query}"


def course_links(hub: str, repo: str, branch: str = "main", notebook: str = START_NOTEBOOK,
                 targetpath: str | None = None) -> CourseLinks:
    """The nbgitpuller link (with ``targetpath``, always) and the Binder link for a course."""
    if not repo.strip():
        raise InputError([Problem("the repository is missing", fix="give --repo URL")],
                         title="Cannot make the link")
    if not branch.strip():
        raise InputError([Problem("the branch is empty", fix="give --branch main")], title="Cannot make the link")
    base = _hub_base(hub)
    notebook = _clean_relative(notebook, "notebook")
    target = _clean_relative(targetpath, "target folder") if targetpath else target_folder(repo)
    query = urlencode({"repo": repo, "branch": branch, "targetpath": target,
                       "urlpath": f"lab/tree/{target}/{notebook}"}, quote_via=quote, safe="")
    return CourseLinks(nbgitpuller=f"{base}/hub/user-redirect/git-pull?{query}",
                       binder=binder_link(repo, branch, notebook), hub=base, repo=repo, branch=branch,
                       targetpath=target, notebook=notebook)


def format_text(links: CourseLinks) -> str:
    lines = [f"nbgitpuller link (copies the course into {links.targetpath}/ and opens {links.notebook}):",
             f"  {links.nbgitpuller}"]
    lines += ["Binder link (a temporary session; answers are lost unless exported):", f"  {links.binder}"] \
        if links.binder else ["Binder link: none (Binder needs a repository on a public git host)"]
    return "\n".join(lines) + "\n"
