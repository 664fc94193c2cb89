"""A last line with no newline, split across chunks, whose final piece is only colour codes, still counts."""

from autoheal.analysis import default_kb
from autoheal.analysis.scan import scan


def test_unterminated_coloured_last_line_is_counted_at_any_chunk_size():
    text = "\nok\n\x1b[31mred\x1b[0m"
    for chunk_size in range(3, 20):
        result = scan(text.encode(), default_kb().prefilter, chunk_size=chunk_size)
        assert result.total_lines == 3, chunk_size
