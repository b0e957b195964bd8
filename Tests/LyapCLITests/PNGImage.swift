import Foundation

@testable import TensorIO

/// An 8-bit RGB or RGBA PNG decoded to RGB pixels, as headless Chromium writes screenshots:
/// the IDAT chunks joined, the zlib stream inflated, each row unfiltered (PNG filter types
/// 0-4: none, sub, up, average, Paeth). Interlaced and palette images are refused.
struct PNGImage {
  let width: Int
  let height: Int
  /// Row-major RGB bytes.
  let rgb: [UInt8]

  struct Unsupported: Error, CustomStringConvertible { let description: String }

  init(contentsOf url: URL) throws {
    let bytes = [UInt8](try Data(contentsOf: url))
    guard bytes.count > 8, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    else { throw Unsupported(description: "\(url.path) is not a PNG file") }
    func big(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    var (offset, w, h, channels) = (8, 0, 0, 0)
    var compressed: [UInt8] = []
    while offset + 8 <= bytes.count {
      let length = big(offset)
      let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
      let body = offset + 8
      if type == "IHDR" {
        (w, h) = (big(body), big(body + 4))
        let (depth, color, interlace) = (bytes[body + 8], bytes[body + 9], bytes[body + 12])
        guard depth == 8, color == 2 || color == 6, interlace == 0 else {
          throw Unsupported(
            description: "PNG with bit depth \(depth), colour type \(color), interlace "
              + "\(interlace): only 8-bit RGB(A) without interlacing is decoded")
        }
        channels = color == 2 ? 3 : 4
      } else if type == "IDAT" {
        compressed += bytes[body..<body + length]
      }
      offset = body + length + 4
    }
    let stride = w * channels
    // The zlib stream: a 2-byte header, raw deflate data, a 4-byte checksum.
    let raw = try compressed.dropFirst(2).withUnsafeBytes {
      try Zlib.inflateRaw($0, expectedSize: h * (stride + 1), source: url.path)
    }
    var pixels = [UInt8](repeating: 0, count: h * stride)
    for y in 0..<h {
      let filter = raw[y * (stride + 1)]
      for x in 0..<stride {
        let value = Int(raw[y * (stride + 1) + 1 + x])
        let a = x >= channels ? Int(pixels[y * stride + x - channels]) : 0
        let b = y > 0 ? Int(pixels[(y - 1) * stride + x]) : 0
        let c = x >= channels && y > 0 ? Int(pixels[(y - 1) * stride + x - channels]) : 0
        let predictor: Int
        switch filter {
        case 0: predictor = 0
        case 1: predictor = a
        case 2: predictor = b
        case 3: predictor = (a + b) / 2
        case 4:
          let p = a + b - c
          let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
        default: throw Unsupported(description: "PNG row \(y) has filter type \(filter)")
        }
        pixels[y * stride + x] = UInt8((value + predictor) & 0xFF)
      }
    }
    (width, height) = (w, h)
    if channels == 3 {
      rgb = pixels
    } else {
      var rgb = [UInt8](repeating: 0, count: w * h * 3)
      for i in 0..<w * h {
        for c in 0..<3 { rgb[i * 3 + c] = pixels[i * 4 + c] }
      }
      self.rgb = rgb
    }
  }

  /// The red, green and blue bytes of pixel (x, y).
  func pixel(_ x: Int, _ y: Int) -> (Int, Int, Int) {
    let i = (y * width + x) * 3
    return (Int(rgb[i]), Int(rgb[i + 1]), Int(rgb[i + 2]))
  }
}
