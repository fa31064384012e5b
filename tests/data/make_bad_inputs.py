"""A folder of bad input beside a few good issues, generated (the big file is never committed).

``make_bad_inputs(dest)`` writes the folder and returns what an import must make of
each file, keyed by its path relative to ``dest``. Two files are meant to be changed
*during* the import, between the walk of the folder and the read of the file:
:func:`during_import` does that (tests call it from the import's walk). The file
``unreadable.txt`` is chmod 000, which stops everyone but root; tests make it
unreadable for root too with ``fault_injection.unreadable``.

By hand::

    python tests/data/make_bad_inputs.py /tmp/bad      # then: baoku --library /tmp/lib import /tmp/bad
"""

from __future__ import annotations

import os
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEEDS = {name[:3]: CORPUS / name for name in (
    "000_4a23ad43cd4d0672.txt", "001_5d5f4632bb365153.txt", "002_98064722886ee370.txt",
    "003_48a213a88ada2c8a.txt", "004_f9ee2ef9ceb0f632.txt",
)}
LONG_LINE_BYTES = 10 * 1024 * 1024
ONE_CHAR_LINES = 5000
OUTSIDE_GBK = "\U00020bb7"  # 𠮷: only GB18030 (four bytes) has it
VANISHES = "vanishes.txt"
CHANGES = "changes-2022-01-17.txt"
GBK_NAME = os.fsdecode("大同-2022-01-19.txt".encode("gbk"))  # as Linux lists a GBK name: surrogate escapes

HOSTILE = (
    "大同日报\n\n"
    "测试<script>alert(1)</script>标题\n\n"
    "本报讯（记者 测试）1月15日，这是一段正文<img src=\"file:///etc/passwd\">，其中含有看似网页标记的文字"
    "<b>粗体</b>、<a href=\"https://example.com/\">链接</a>和<font color=\"red\">红字</font>。\n\n"
    "另一段正文&amp;实体&lt;i&gt;，仍应原样显示。控制字符\x07\x1b[31m\x0b在此。"
    "孤立代理项@LONE@在此，CESU-8 写的表情@PAIR@在此。\n"
)
# What the hostile file's articles must show, character for character: markup as text,
# C0 controls removed, a lone surrogate as U+FFFD, a surrogate pair as its character.
HOSTILE_SHOWN = (
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    "<b>粗体</b>",
    '<a href="https://example.com/">链接</a>',
    '<font color="red">红字</font>',
    "&amp;实体&lt;i&gt;",
    "控制字符[31m在此",
    "孤立代理项\ufffd在此",
    "表情\U0001f600在此",
)
SMALL_ISSUE = "大同日报\n\n{title}\n\n本报讯（记者 测试）1月16日，{body}\n"


@dataclass(frozen=True)
class Expected:
    """What an import must report for one file, and what must then be in the library."""

    status: str  # "imported" or "skipped"
    reason: str = ""  # skipped: a part of the reason the report gives
    date: str | None = None  # imported: the issue's date
    shown: tuple[str, ...] = ()  # imported: strings its articles must hold verbatim
    absent: tuple[str, ...] = ()  # imported: strings its articles must not hold
    kept: tuple[str, ...] = ()  # imported: strings the issue keeps outside its articles (teasers)
    search: str | None = None  # imported: a query that must find an article of this issue
    why: str = ""  # what is wrong with the file (for the table printed by hand)


def _png() -> bytes:
    """A valid 1x1 PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _seed(key: str) -> str:
    return SEEDS[key].read_text(encoding="utf-8")


def _long_line() -> bytes:
    """LONG_LINE_BYTES of UTF-8 Chinese news text without a single line break."""
    unit = "".join(_seed(k) for k in sorted(SEEDS)).replace("\n", "").encode("utf-8")
    data = (unit * (LONG_LINE_BYTES // len(unit) + 1))[:LONG_LINE_BYTES]
    while True:  # cut at a character boundary, then pad back to the exact size with ASCII
        try:
            text = data.decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            data = data[: exc.start]
    return text.encode("utf-8") + b"." * (LONG_LINE_BYTES - len(text.encode("utf-8")))


def make_bad_inputs(dest: Path) -> dict[str, Expected]:
    """Write the folder of good and bad issue files into ``dest``; returns what to expect."""
    dest.mkdir(parents=True, exist_ok=True)
    out: dict[str, Expected] = {}

    def put(name: str, data: bytes, expected: Expected) -> None:
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out[name] = expected

    # -- good issues, in every encoding Baoku reads ------------------------------------------
    put("2022-01-11-gbk.txt", _seed("001").encode("gbk"), Expected(
        "imported", date="2022-01-11", shown=("市十五届人大常委会召开第九十二次会议",),
        search="市十五届人大常委会", why="GBK (the masthead gives the date)"))
    gb = _seed("002").replace("为大力推动全国文明城市创建工作", f"为大力推动全国文明城市创建工作（{OUTSIDE_GBK}）", 1)
    assert OUTSIDE_GBK in gb
    put("2022-01-12-gb18030.txt", gb.encode("gb18030"), Expected(
        "imported", date="2022-01-12", shown=(f"创建工作（{OUTSIDE_GBK}）",), kept=("刊3版\u25b6",),
        search=OUTSIDE_GBK, why="GB18030 with characters GBK lacks (𠮷, ▶)"))
    put("2022-01-13-utf16.txt", _seed("003").encode("utf-16"), Expected(
        "imported", date="2022-01-13", shown=("省运会群众体育健美操赛在云州区开赛",),
        search="健美操", why="UTF-16 with a byte order mark"))
    put("2022-01-14-bom-crlf.txt", b"\xef\xbb\xbf" + _seed("004").replace("\n", "\r\n").encode("utf-8"),
        Expected("imported", date="2022-01-14", shown=("云冈区聚力打造城市“净化器”",), absent=("\r",),
                 search="净化器", why="UTF-8 with a byte order mark and CRLF line ends"))
    mojibake = _seed("000").encode("utf-8").decode("latin-1").encode("utf-8")
    put("2022-01-15-mojibake.txt", mojibake, Expected(
        "imported", date="2022-01-15", shown=("习近平同马达加斯加总统拉乔利纳就中马建交50周年互致贺电",),
        absent=("ä¹", "å"), search="马达加斯加",
        why="UTF-8 once read as Latin-1 and saved again (repaired)"))
    hostile = HOSTILE.encode("utf-8")
    hostile = hostile.replace(b"@LONE@", b"\xed\xa0\x80").replace(b"@PAIR@", b"\xed\xa0\xbd\xed\xb8\x80")
    put("2022-01-16-hostile.txt", hostile, Expected(
        "imported", date="2022-01-16", shown=HOSTILE_SHOWN, absent=("\x07", "\x1b", "\x0b"),
        search='"<script>alert(1)</script>"',
        why="HTML, entities, Qt rich-text tags, control characters, lone and paired surrogates"))
    put(GBK_NAME, SMALL_ISSUE.format(title="文件名是国标编码的新闻", body="文件名不是UTF-8的文字。").encode("utf-8"),
        Expected("imported", date="2022-01-19", shown=("文件名不是UTF-8的文字",), search="文件名不是",
                 why="a file name in GBK, not UTF-8 (unpacked from a Windows archive)"))
    put(CHANGES, SMALL_ISSUE.format(title="旧版本的标题", body="这是旧版本的文字。").encode("utf-8"),
        Expected("imported", date="2022-01-17", shown=("这是新版本的文字。",), absent=("旧版本",),
                 search="新版本的文字", why="rewritten between the walk and the read"))

    # -- bad files -----------------------------------------------------------------------------
    put("empty.txt", b"", Expected("skipped", "the file is empty", why="zero bytes"))
    put("blank.txt", b" \r\n\t\n\n", Expected("skipped", "the file is empty", why="only white space"))
    put("photo.txt", _png(), Expected("skipped", "not a text file: it is a PNG image",
                                      why="a PNG image renamed .txt"))
    put("notes.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", Expected(
        "skipped", "not an issue file (.pdf files are not read)", why="a PDF"))
    put("utf16-no-bom.txt", _seed("003")[:400].encode("utf-16-le"), Expected(
        "skipped", "not a text file: it contains NUL bytes", why="UTF-16 without a byte order mark"))
    put("garbage.txt", bytes(range(0x80, 0x100)) * 8, Expected(
        "skipped", "cannot decode the file as UTF-8 or GB18030 (bad byte at offset",
        why="bytes that are neither UTF-8 nor GB18030"))
    put("long-line-2022-01-18.txt", _long_line(), Expected(
        "skipped", "too large for one issue (10.0 MB; issue files are read up to 4 MB)",
        why="10 MB of Chinese text without a line break"))
    put("punctuation.txt", ("。，、；：？！“”‘’（）《》【】……——·!?.,;:'\"-\n" * 40).encode("utf-8"),
        Expected("skipped", "the file holds no words, only punctuation and symbols",
                 why="only punctuation"))
    chars = "天地玄黄宇宙洪荒日月盈昃辰宿列张"
    put("one-char-lines.txt", "\n".join(chars[i % len(chars)] for i in range(ONE_CHAR_LINES)).encode("utf-8"),
        Expected("skipped", "no articles found: none of its 9,999 characters reads as a headline",
                 why=f"{ONE_CHAR_LINES:,} lines of one character"))
    put("unreadable.txt", SMALL_ISSUE.format(title="读不到的标题", body="读不到的文字。").encode("utf-8"),
        Expected("skipped", "cannot read the file: Permission denied", why="no read permission"))
    os.chmod(dest / "unreadable.txt", 0)
    put(VANISHES, SMALL_ISSUE.format(title="消失的标题", body="消失的文字。").encode("utf-8"),
        Expected("skipped", "the file disappeared before it could be read",
                 why="deleted between the walk and the read"))
    if hasattr(os, "mkfifo"):
        os.mkfifo(dest / "pipe.txt")
        out["pipe.txt"] = Expected("skipped", "not a regular file: it is a named pipe (FIFO)",
                                   why="a named pipe: opening it to read would wait forever")
    (dest / "sub").mkdir()
    (dest / "sub" / "loop").symlink_to("..", target_is_directory=True)
    out["sub/loop"] = Expected("skipped", "symbolic link loop: a link to a folder already read",
                               why="a link back to the folder above")
    (dest / "sub" / "self.txt").symlink_to("self.txt")
    out["sub/self.txt"] = Expected("skipped", "symbolic link loop: the link never reaches a file",
                                   why="a link to itself")
    return out


def during_import(dest: Path) -> None:
    """What happens to the folder while an import runs: one file is deleted, one rewritten."""
    (dest / VANISHES).unlink()
    (dest / CHANGES).write_text(SMALL_ISSUE.format(title="新版本的标题", body="这是新版本的文字。"),
                                encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: make_bad_inputs.py DEST", file=sys.stderr)
        return 2
    dest = Path(argv[0])
    expected = make_bad_inputs(dest)
    for name, e in expected.items():
        shown = os.fsencode(name).decode("utf-8", "backslashreplace")
        print(f"{shown:28} {e.status:9} {e.reason or e.date or ''}  [{e.why}]")
    print(f"\n{dest}: {len(expected)} files. By hand, {VANISHES} and {CHANGES} stay as they are "
          "(tests change them during the import), and root can read unreadable.txt.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
