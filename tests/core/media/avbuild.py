# SPDX-License-Identifier: GPL-3.0-or-later
"""Builders for test recordings and PDFs, made at test time with Debian's ffmpeg CLI, PyAV and
pikepdf in a temporary directory (tests may write files; the app never does).

Every identifying value contains :data:`MARK` so a test can look for it in any output.
ffmpeg, ffprobe and exiftool are oracles here, independent of the code under test.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

MARK = "BAYYINA-SECRET-MARKER"
LOCATION = "+48.8577+002.2950+035.000/"
XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
       b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="XmpTool ' + MARK.encode()
       + b'"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")

HAVE_FFMPEG = shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None
HAVE_EXIFTOOL = shutil.which("exiftool") is not None

_VIDEO = ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=10"]
_AUDIO = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000"]
_TAGS = ["-metadata", f"title=Title {MARK}", "-metadata", f"artist=Artist {MARK}",
         "-metadata", f"comment=Comment {MARK}", "-metadata", "creation_time=2024-01-02T03:04:05Z"]


def ffmpeg(*args: str | Path) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *map(str, args)],
                   check=True, timeout=60, stdin=subprocess.DEVNULL)


def _cover(d: Path) -> Path:
    path = d / "cover.png"
    if not path.exists():
        ffmpeg("-f", "lavfi", "-i", "color=c=red:size=16x16", "-frames:v", "1", path)
    return path


def phone_mp4(d: Path) -> Path:
    """H.264 + AAC, Apple keys (ISO6709 location, make, model, software), 3GPP ``loci``, a
    creation time, title/comment, and an XMP ``uuid`` box at the end."""
    out = d / "phone.mp4"
    ffmpeg(*_VIDEO, *_AUDIO, "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
           *_TAGS, "-metadata", f"location={LOCATION}",
           "-metadata", f"com.apple.quicktime.location.ISO6709={LOCATION}",
           "-metadata", f"com.apple.quicktime.make=SpyPhone {MARK}",
           "-metadata", f"com.apple.quicktime.model=Model-X {MARK}",
           "-metadata", f"com.apple.quicktime.software=CamApp {MARK}",
           "-metadata:s:a", f"handler_name=Hand {MARK}",
           "-movflags", "use_metadata_tags", out)
    box = XMP_UUID + XMP
    with out.open("ab") as f:
        f.write((8 + len(box)).to_bytes(4, "big") + b"uuid" + box)
    return out


def rotated_mov(d: Path, rotate: int = 90) -> Path:
    """A QuickTime file with a display matrix (``rotate`` degrees) and ``©xyz`` location."""
    src = d / "rot-src.mp4"
    ffmpeg(*_VIDEO, *_AUDIO, "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
           src)
    out = d / "rotated.mov"
    ffmpeg("-i", src, "-c", "copy", "-map_metadata", "-1", "-metadata:s:v:0", f"rotate={rotate}",
           "-metadata", f"location={LOCATION}", *_TAGS, "-f", "mov", out)
    return out


def voice_opus(d: Path) -> Path:
    out = d / "voice.ogg"
    ffmpeg(*_AUDIO, "-t", "2", "-c:a", "libopus", "-b:a", "16k", *_TAGS, out)
    return out


def voice_vorbis(d: Path) -> Path:
    """Ogg Vorbis: the comments travel in the comment header and as first-packet side data."""
    out = d / "voice-vorbis.ogg"
    ffmpeg(*_AUDIO, "-t", "1", "-c:a", "libvorbis", *_TAGS, out)
    return out


def theora_ogg(d: Path) -> Path:
    """Ogg Theora + Vorbis: a video codec PyAV's wheel can decode but not encode."""
    out = d / "clip-theora.ogv"
    ffmpeg(*_VIDEO, *_AUDIO, "-t", "1", "-c:v", "libtheora", "-c:a", "libvorbis", *_TAGS, out)
    return out


def webm(d: Path) -> Path:
    out = d / "clip.webm"
    ffmpeg(*_VIDEO, *_AUDIO, "-t", "1", "-c:v", "libvpx", "-deadline", "realtime", "-c:a",
           "libopus", *_TAGS, out)
    return out


def mkv_everything(d: Path) -> Path:
    """H.264 + AAC with a subtitle stream, two chapters, an attachment and tags."""
    srt = d / "sub.srt"
    srt.write_text(f"1\n00:00:00,000 --> 00:00:00,500\nSubtitle {MARK}\n", encoding="utf-8")
    chapters = d / "chapters.txt"
    chapters.write_text(";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=500\n"
                        f"title=Chapter {MARK}\n", encoding="utf-8")
    note = d / "note.txt"
    note.write_text(f"attached {MARK}", encoding="utf-8")
    out = d / "all.mkv"
    ffmpeg(*_VIDEO, *_AUDIO, "-i", srt, "-i", chapters, "-t", "1", "-map", "0:v", "-map", "1:a",
           "-map", "2:s", "-map_chapters", "3", "-c:v", "libx264", "-preset", "ultrafast",
           "-c:a", "aac", "-c:s", "srt", "-attach", note, "-metadata:s:t", "mimetype=text/plain",
           *_TAGS, out)
    return out


def avi(d: Path) -> Path:
    out = d / "clip.avi"
    ffmpeg(*_VIDEO, *_AUDIO, "-t", "1", "-c:v", "mpeg4", "-c:a", "libmp3lame", *_TAGS, out)
    return out


def mp3_cover(d: Path) -> Path:
    out = d / "song.mp3"
    ffmpeg(*_AUDIO, "-i", _cover(d), "-t", "1", "-map", "0:a", "-map", "1:v", "-c:a",
           "libmp3lame", "-c:v", "png", "-disposition:v", "attached_pic", "-id3v2_version", "3",
           *_TAGS, out)
    return out


def flac_picture(d: Path) -> Path:
    out = d / "song.flac"
    ffmpeg(*_AUDIO, "-i", _cover(d), "-t", "1", "-map", "0:a", "-map", "1:v", "-c:a", "flac",
           "-c:v", "png", "-disposition:v", "attached_pic", *_TAGS, out)
    return out


def wav(d: Path) -> Path:
    out = d / "memo.wav"
    ffmpeg(*_AUDIO, "-t", "1", "-c:a", "pcm_s16le", *_TAGS, out)
    return out


def m4a(d: Path) -> Path:
    out = d / "memo.m4a"
    ffmpeg(*_AUDIO, "-i", _cover(d), "-t", "1", "-map", "0:a", "-map", "1:v", "-c:a", "aac",
           "-c:v", "png", "-disposition:v", "attached_pic", *_TAGS, out)
    return out


def threegp(d: Path) -> Path:
    out = d / "clip.3gp"
    ffmpeg(*_VIDEO, *_AUDIO, "-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
           *_TAGS, "-f", "3gp", out)
    return out


def amr(d: Path) -> Path:
    """AMR-NB encoded with PyAV's bundled libopencore (Debian's ffmpeg has no AMR encoder)."""
    import av
    import numpy as np

    buf = io.BytesIO()
    with av.open(buf, "w", format="amr") as out:
        stream = out.add_stream("libopencore_amrnb", rate=8000, layout="mono")
        stream.bit_rate = 12200
        t = np.arange(8000 * 2) / 8000
        samples = (np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16).reshape(1, -1)
        for i in range(0, samples.shape[1], 160):
            frame = av.AudioFrame.from_ndarray(samples[:, i : i + 160], format="s16",
                                               layout="mono")
            frame.sample_rate = 8000
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    path = d / "note.amr"
    path.write_bytes(buf.getvalue())
    return path


def many_streams(d: Path, n: int = 1000) -> Path:
    out = d / "many.mkv"
    maps = [a for _ in range(n) for a in ("-map", "0:a")]
    ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "0.05", *maps, "-c:a",
           "pcm_s16le", out)
    return out


# --- oracles -------------------------------------------------------------------------------


def ffprobe(path: Path) -> dict[str, Any]:
    res = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                          "-show_streams", str(path)], capture_output=True, check=True, timeout=60)
    return json.loads(res.stdout)


def rotation(probe: dict[str, Any], index: int = 0) -> int:
    """The display rotation ffprobe reports for stream ``index`` (0 when none)."""
    stream = probe["streams"][index]
    for sd in stream.get("side_data_list", []):
        if "rotation" in sd:
            return int(sd["rotation"])
    return int(stream.get("tags", {}).get("rotate", 0))


def streamhash(path: Path) -> list[str]:
    """Stock ffmpeg's per-stream SHA-256 of the audio/video packets (the documented check)."""
    from app.media.avmedia import FFMPEG_CHECK

    argv = [str(path) if a == "{file}" else a for a in FFMPEG_CHECK.split()]
    res = subprocess.run(argv, capture_output=True, check=True, timeout=60)
    return res.stdout.decode().split()


def exiftool(path: Path) -> str:
    res = subprocess.run(["exiftool", "-a", "-u", "-G1", str(path)], capture_output=True,
                         check=True, timeout=60)
    return res.stdout.decode("utf-8", "replace")


def packets(path: Path) -> list[tuple[str, list[tuple[bytes, Fraction | None]]]]:
    """Per kept stream (video, then audio), every packet's payload and pts in seconds, read with
    PyAV's demuxer directly (no code under test)."""
    import av

    with av.open(str(path)) as c:
        kept = ([s for s in c.streams.video
                 if not s.disposition & av.stream.Disposition.attached_pic]
                + list(c.streams.audio))
        out: dict[int, list[tuple[bytes, Fraction | None]]] = {s.index: [] for s in kept}
        for p in c.demux(*kept):
            if p.size:
                tb = p.time_base
                out[p.stream.index].append(
                    (bytes(p), None if p.pts is None or tb is None else p.pts * tb))
        return [(s.type, out[s.index]) for s in kept]


# --- PDFs (pikepdf) ------------------------------------------------------------------------


def pdf_everything(d: Path, pages: int = 2, encrypt: bool = False) -> Path:
    """A PDF with an Info dictionary, XMP, IDs, JavaScript (names tree, OpenAction, page /AA, a
    form field's action), an embedded file, a file-attachment annotation, an image XObject with
    its own XMP, and two revisions (an incremental update)."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                        BaseFont=Name.Helvetica))
    image = pdf.make_stream(bytes(range(48)) * 4, Type=Name.XObject, Subtype=Name.Image, Width=8,
                            Height=8, ColorSpace=Name.DeviceRGB, BitsPerComponent=8)
    image.Metadata = pdf.make_stream(XMP, Type=Name.Metadata, Subtype=Name.XML)
    for n in range(pages):
        page = pdf.add_blank_page(page_size=(200, 200))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Im1=image))
        page.obj.Contents = pdf.make_stream(
            f"BT /F1 12 Tf 20 100 Td (Page {n} text) Tj ET q 40 0 0 40 20 20 cm /Im1 Do Q".encode())
        js = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String(f"app.alert('{MARK}')")))
        page.obj.AA = Dictionary(O=js)
        page.obj.Annots = Array([pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([0, 0, 10, 10]),
            T=String(f"Annotator {MARK}"), M=String("D:20240102030405Z"),
            FS=Dictionary(Type=Name.Filespec, F=String("inner.txt"))))])
    field = pdf.make_indirect(Dictionary(
        FT=Name.Tx, T=String("name"), Rect=Array([10, 150, 100, 170]), Type=Name.Annot,
        Subtype=Name.Widget, P=pdf.pages[0].obj,
        AA=Dictionary(K=Dictionary(S=Name.JavaScript, JS=String("event.rc = true;")))))
    pdf.pages[0].obj.Annots.append(field)
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), XFA=pdf.make_stream(b"<xdp/>"))
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String(f"app.alert('open {MARK}')"))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([
        String("init"), pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("1;")))])))
    pdf.attachments["secret.txt"] = pikepdf.AttachedFileSpec(
        pdf, f"embedded {MARK}".encode(), description="", filename="secret.txt",
        mime_type="text/plain", creation_date="", mod_date="")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:creator"] = [f"Creator {MARK}"]
        meta["xmp:CreatorTool"] = f"Tool {MARK}"
    pdf.docinfo["/Author"] = f"Author {MARK}"
    pdf.docinfo["/Producer"] = f"Producer {MARK}"
    pdf.docinfo["/Title"] = f"Title {MARK}"
    pdf.docinfo["/CreationDate"] = "D:20240102030405Z"
    pdf.trailer.ID = Array([String(b"ID-" + MARK.encode()), String(b"ID2-" + MARK.encode())])
    path = d / ("locked.pdf" if encrypt else "doc.pdf")
    enc = pikepdf.Encryption(owner="owner", user="", R=6) if encrypt else None
    pdf.save(path, encryption=enc or False)
    if not encrypt:  # an incremental update: an older Info lives on in the first revision
        data = path.read_bytes()
        path.write_bytes(data + b"\n%%EOF\n")
    return path


def pdf_text_objects(path: Path) -> str:
    """The PDF's bytes as text, with every stream inflated by qpdf-free means (zlib)."""
    import re
    import zlib

    raw = path.read_bytes()
    parts = [raw.decode("latin-1")]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(m.group(1)).decode("latin-1"))
    return "\n".join(parts)
