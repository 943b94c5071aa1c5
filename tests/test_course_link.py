"""`workbook link`: the nbgitpuller link always names its target folder (nbgitpuller would
otherwise clone into ``<name>.git`` and the link's ``urlpath`` would 404), every value is
URL-encoded, and a Binder link comes with it for repositories on a public git host."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from workbook.cli import main
from workbook.course.link import binder_link, course_links, target_folder
from workbook.errors import InputError

REPO = "https://github.com/acme-training/imvo-course.git"


def query(url: str) -> dict[str, str]:
    parsed = parse_qs(urlsplit(url).query, strict_parsing=True)
    assert all(len(v) == 1 for v in parsed.values())
    return {k: v[0] for k, v in parsed.items()}


def test_the_link_always_sets_targetpath_and_opens_the_notebook_inside_it():
    links = course_links("https://hub.example.org", REPO)
    q = query(links.nbgitpuller)
    assert links.nbgitpuller.startswith("https://hub.example.org/hub/user-redirect/git-pull?")
    assert q == {"repo": REPO, "branch": "main", "targetpath": "imvo-course",
                 "urlpath": "lab/tree/imvo-course/notebooks/00_start_here.ipynb"}


def test_values_are_url_encoded_so_the_link_survives_email_and_chat():
    links = course_links("https://hub.example.org/", REPO, branch="cohort/2026 spring",
                         notebook="notebooks/climate/02_footprint_baseline.ipynb")
    raw = urlsplit(links.nbgitpuller).query
    assert "/" not in raw and ":" not in raw and " " not in raw
    assert query(links.nbgitpuller)["branch"] == "cohort/2026 spring"


@pytest.mark.parametrize("repo, folder", [
    ("https://github.com/acme/course.git", "course"),
    ("https://gitlab.example.org/group/sub/course", "course"),
    ("git@github.com:acme/course.git", "course"),
    ("/srv/course-repo/", "course-repo"),
])
def test_the_target_folder_is_the_repository_name_without_dot_git(repo, folder):
    assert target_folder(repo) == folder


def test_a_chosen_target_folder_is_used_in_both_places():
    q = query(course_links("https://hub.example.org", REPO, targetpath="imvo").nbgitpuller)
    assert q["targetpath"] == "imvo" and q["urlpath"].startswith("lab/tree/imvo/")


def test_a_hub_address_with_hub_at_the_end_is_not_doubled():
    links = course_links("https://hub.example.org/hub/", REPO)
    assert "/hub/hub/" not in links.nbgitpuller


def test_binder_links_for_github_gitlab_other_hosts_and_none_for_a_local_path():
    assert binder_link(REPO, "main", "notebooks/00_start_here.ipynb") == (
        "https://mybinder.org/v2/gh/acme-training/imvo-course/main"
        "?urlpath=lab%2Ftree%2Fnotebooks%2F00_start_here.ipynb")
    assert binder_link("https://gitlab.com/a/b", "main", "x.ipynb").startswith(
        "https://mybinder.org/v2/gl/a%2Fb/main?")
    assert binder_link("https://git.example.org/c.git", "v1", "x.ipynb").startswith(
        "https://mybinder.org/v2/git/https%3A%2F%2Fgit.example.org%2Fc.git/v1?")
    assert binder_link("/srv/course", "main", "x.ipynb") is None


@pytest.mark.parametrize("hub, notebook", [("hub.example.org", "a.ipynb"), ("ftp://hub", "a.ipynb"),
                                           ("https://hub.example.org", "../etc/passwd")])
def test_bad_input_is_a_readable_error(hub, notebook):
    with pytest.raises(InputError):
        course_links(hub, REPO, notebook=notebook)


def test_cli_prints_both_links_and_json(capsys):
    assert main(["link", "--hub", "https://hub.example.org", "--repo", REPO]) == 0
    out = capsys.readouterr().out
    assert "targetpath=imvo-course" in out and "mybinder.org" in out
    assert main(["link", "--hub", "https://hub.example.org", "--repo", REPO, "--branch", "dev", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["targetpath"] == "imvo-course" and query(doc["nbgitpuller"])["branch"] == "dev"
    assert set(doc) == {"nbgitpuller", "binder", "hub", "repo", "branch", "targetpath", "notebook"}


def test_cli_bad_hub_exits_2_without_a_traceback(capsys):
    assert main(["link", "--hub", "nowhere", "--repo", REPO]) == 2
    err = capsys.readouterr().err
    assert "hub must be a web address" in err and "Traceback" not in err
