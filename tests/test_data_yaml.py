from pathlib import Path

import pytest
import yaml

from generator import data_yaml

DATA = Path(__file__).resolve().parent.parent / "generator" / "data"


@pytest.mark.parametrize("name", ["taxonomy.yaml", "tags.yaml", "author_pages.yaml"])
def test_shipped_data_files_load_as_safe_load_reads_them(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert data_yaml.load(text) == yaml.safe_load(text)


def test_broken_yaml_names_its_line():
    with pytest.raises(yaml.YAMLError) as caught:
        data_yaml.load("areas:\n  cs.AI: {name: AI\n  cs.CL: x\n")
    assert caught.value.problem_mark.line >= 1


def test_tags_and_python_objects_are_refused():
    with pytest.raises(yaml.YAMLError):
        data_yaml.load("!!python/object/apply:os.system ['true']")
