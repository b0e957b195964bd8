"""Writes the NumPy-made fixtures TensorIOTests reads (run once; not run by the build).

    python3 make_fixtures.py        # numpy >= 1.17, writes next to this script

Values follow formulas the Swift tests recompute independently:
  f4: np.arange(n, dtype=float32) / float32(3)   (float32 division, as Swift's Float)
  f8: np.arange(n, dtype=float64) / 7.0
"""
import gzip
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


f4_2x3 = (np.arange(6, dtype="<f4") / np.float32(3)).reshape(2, 3)
f8_2x3 = (np.arange(6, dtype="<f8") / 7.0).reshape(2, 3)
f8_scalar = np.array(2.5, dtype="<f8")
f4_empty = np.zeros((0, 3), dtype="<f4")
i4 = np.array([-2, -1, 0, 1, 2**31 - 1], dtype="<i4")
i8 = np.array([-(2**40), -1, 0, 2**53], dtype="<i8")
u1 = np.array([[0, 1], [128, 255]], dtype="u1")

# .npy written by np.save (format 1.0)
np.save(path("f4_2x3.npy"), f4_2x3)
np.save(path("f8_2x3.npy"), f8_2x3)
np.save(path("f8_scalar.npy"), f8_scalar)
np.save(path("f4_empty.npy"), f4_empty)
np.save(path("i4_5.npy"), i4)
np.save(path("i8_4.npy"), i8)
np.save(path("u1_2x2.npy"), u1)

# Explicit format versions 2.0 and 3.0
f8_v = (np.arange(4, dtype="<f8") / 7.0).reshape(2, 2)
for version in [(2, 0), (3, 0)]:
    with open(path(f"f8_v{version[0]}.npy"), "wb") as f:
        np.lib.format.write_array(f, f8_v, version=version)

# Files TensorIO must reject
np.save(path("f8_fortran.npy"), np.asfortranarray((np.arange(6, dtype="<f8") / 7.0).reshape(2, 3)))
np.save(path("f8_bigendian.npy"), np.arange(3, dtype=">f8"))
np.save(path("f2_3.npy"), np.arange(3, dtype="<f2"))
np.save(path("structured.npy"), np.zeros(2, dtype=[("x", "<f4"), ("y", "<f8")]))

# .npz: stored (np.savez) and deflate (np.savez_compressed) members
members = dict(f4=f4_2x3, f8=f8_2x3, scalar=f8_scalar, empty=f4_empty, ints=i4)
np.savez(path("savez.npz"), **members)
np.savez_compressed(path("savez_compressed.npz"), **members)


# IDX: header + big-endian values; u8 plain and gzipped
def idx(type_code, shape, payload):
    header = bytes([0, 0, type_code, len(shape)]) + b"".join(struct.pack(">I", d) for d in shape)
    return header + payload


u8_images = idx(0x08, [2, 3, 4], bytes((7 * i) % 256 for i in range(24)))
with open(path("u8_2x3x4.idx"), "wb") as f:
    f.write(u8_images)
with open(path("u8_2x3x4.idx.gz"), "wb") as f:
    f.write(gzip.compress(u8_images, mtime=0))
# Two concatenated gzip members (as `cat a.gz b.gz` makes): the file splits after 10 bytes.
with open(path("u8_2x3x4_two_members.idx.gz"), "wb") as f:
    f.write(gzip.compress(u8_images[:10], mtime=0) + gzip.compress(u8_images[10:], mtime=0))

i16 = np.array([-300, -1, 0, 1, 300, 32767], dtype=">i2")
with open(path("i16_2x3.idx"), "wb") as f:
    f.write(idx(0x0B, [2, 3], i16.tobytes()))
f4_idx = (np.arange(5, dtype="<f4") / np.float32(3)).astype(">f4")  # arithmetic yields native order
with open(path("f32_5.idx"), "wb") as f:
    f.write(idx(0x0D, [5], f4_idx.tobytes()))
f8_idx = (np.arange(4, dtype="<f8") / 7.0).astype(">f8")
with open(path("f64_4.idx.gz"), "wb") as f:
    f.write(gzip.compress(idx(0x0E, [4], f8_idx.tobytes()), mtime=0))

# Unicode strings (<U{n}: UTF-32LE, NUL padded): ASCII, Latin-1, CJK, a non-BMP emoji, an
# empty string, an inner NUL; a mixed .npz as the sweep export writes it.
strings = np.array([["a", "héllo"], ["", "日本\x00x😀"]])
np.save(path("U_2x2.npy"), strings)
np.save(path("U_scalar.npy"), np.array("lyap"))
np.save(path("U_bigendian.npy"), np.array(["ab"], dtype=">U2"))
np.savez(path("mixed.npz"), names=np.array(["x", "yz"]), values=np.array([1.5, -2.0]))
