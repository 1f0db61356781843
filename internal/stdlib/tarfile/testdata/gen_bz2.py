"""Writes bz.tar.bz2 (TestCompressions) with CPython 3.11: a PAX tar of
bz/ and bz/c.txt ("CCC"), fixed times, bzip2-compressed.
The same bytes are embedded in testdata/diff/mod_archive.{py,star}."""
import bz2, io, tarfile

buf = io.BytesIO()
t = tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT)
for name, data in [("bz/", None), ("bz/c.txt", b"CCC")]:
    ti = tarfile.TarInfo(name.rstrip("/"))
    ti.mtime = 1700000000
    if data is None:
        ti.type, ti.mode = tarfile.DIRTYPE, 0o755
    else:
        ti.size, ti.mode = len(data), 0o644
    t.addfile(ti, io.BytesIO(data) if data else None)
t.close()
with open("bz.tar.bz2", "wb") as f:
    f.write(bz2.compress(buf.getvalue()))
