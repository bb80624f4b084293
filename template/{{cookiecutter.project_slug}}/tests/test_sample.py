from {{ cookiecutter.project_slug }}.config import Config
from {{ cookiecutter.project_slug }}.sample import sample_csv


def test_the_generator_reproduces_the_committed_sample_byte_for_byte(config: Config) -> None:
    assert config.data_path.read_bytes() == sample_csv().encode("utf-8")


def test_other_seeds_give_other_customers() -> None:
    assert sample_csv(rows=20, seed=1) != sample_csv(rows=20, seed=2)
