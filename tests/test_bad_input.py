"""Bad files, built here, are quarantined with a reason a person understands."""

from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipelines.documents.discover import document_ref
from pipelines.extract.document import extract_document
from pipelines.paths import default_corpus_dir


def reason(path: Path) -> str | None:
    return extract_document(document_ref(path, path.parent)).quarantine_reason


def test_truncated_pdf(tmp_path: Path) -> None:
    source = (default_corpus_dir() / "putuo-finance-bureau-2024-final.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(source[: len(source) // 3])
    assert reason(path).startswith("the file is not a readable PDF")


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("<html>not a pdf</html>", encoding="utf-8")
    assert reason(path).startswith("the file is not a readable PDF")


def test_empty_pdf(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert reason(path) == "the file is empty (0 bytes)"


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "encrypted.pdf"
    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret"))
    pdf.drawString(100, 700, "2024")
    pdf.save()
    assert reason(path) == "the PDF is encrypted (password protected): its text cannot be read"


def test_scanned_pdf(tmp_path: Path) -> None:
    image = tmp_path / "page.png"
    Image.new("RGB", (600, 800), "white").save(image)
    path = tmp_path / "scanned.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(str(image), 0, 0, 595, 842)
    pdf.save()
    assert "no text layer" in reason(path)


@pytest.mark.parametrize(
    "lines",
    [
        ["会议纪要", "今天开会讨论了工作安排。"],
        ["2024年度工作总结", "全年完成各项任务。"],  # a year, but no 预算/决算
    ],
)
def test_a_pdf_that_is_not_a_disclosure(tmp_path: Path, lines: list[str]) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "other.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 12)
    for number, line in enumerate(lines * 20):
        pdf.drawString(50, 800 - number * 18, line)
    pdf.save()
    assert reason(path).startswith("not recognised as a budget or final-accounts disclosure")


def test_a_scanned_page_among_text_pages_is_reported(tmp_path: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    image = tmp_path / "page.png"
    Image.new("RGB", (600, 800), "white").save(image)
    path = tmp_path / "mixed.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(100, 700, "某某县教育局")
    pdf.drawString(100, 670, "2024年度部门决算")
    for number in range(25):
        pdf.drawString(60, 600 - number * 18, "本部门主要职能是负责全县教育工作。")
    pdf.showPage()
    pdf.drawImage(str(image), 0, 0, 595, 842)
    pdf.save()
    extracted = extract_document(document_ref(path, path.parent))
    assert extracted.quarantine_reason is None and extracted.part == "narrative"
    assert extracted.notes == [
        "page 2 is a scanned image without a text layer: its figures, if any, were not read"
    ]
