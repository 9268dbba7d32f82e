"""The raw folder's entries as names a person reads, and as Dagster partition keys."""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.documents.discover import partition_key, scan_raw_folder

NAME = "孝义市2024年决算.txt"


def _write(folder: Path, raw_name: bytes, content: bytes) -> None:
    with open(os.path.join(os.fsencode(folder), raw_name), "wb") as handle:
        handle.write(content)


def test_names_that_are_not_utf8_are_decoded_or_escaped(tmp_path: Path) -> None:
    _write(tmp_path, NAME.encode("gb18030"), b"gbk")
    _write(tmp_path, b"report-\xff\xfe.txt", b"neither")  # valid in no encoding tried
    names = {f.source_file: f.path.read_bytes() for f in scan_raw_folder(tmp_path)}
    assert names == {NAME: b"gbk", r"report-\xff\xfe.txt": b"neither"}


def test_the_utf8_and_the_gbk_bytes_of_one_name_stay_two_files(tmp_path: Path) -> None:
    _write(tmp_path, NAME.encode("utf-8"), b"utf-8")
    _write(tmp_path, NAME.encode("gb18030"), b"gbk")
    names = {f.source_file: f.path.read_bytes() for f in scan_raw_folder(tmp_path)}
    escaped = repr(NAME.encode("gb18030"))[2:-1]
    assert names == {NAME: b"utf-8", escaped: b"gbk"}


def test_partition_keys_are_the_names_made_safe_and_distinct() -> None:
    assert partition_key("central/西南大学2024年决算.pdf") == "central/西南大学2024年决算.pdf"
    risky = ["a,b.pdf", "a_b.pdf", "x...y.pdf", "[1].pdf", "tab\there.pdf"]
    keys = [partition_key(name) for name in risky]
    assert keys[1] == "a_b.pdf"
    assert len(set(keys)) == len(keys)
    assert not any(mark in key for key in keys for mark in (",", "[", "]", "...", "\t"))
