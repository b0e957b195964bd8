// zlib (Debian package zlib1g-dev; part of the SDK on macOS).
// TensorIO uses it to inflate deflate members of .npz archives and gzip-compressed IDX files.
#include <zlib.h>

// `inflateInit2` is a macro in zlib.h, which Swift cannot call; this wrapper passes the
// library version and stream size exactly as the macro does.
static inline int czlib_inflateInit2(z_streamp stream, int windowBits) {
  return inflateInit2(stream, windowBits);
}
