import Foundation

/// Accumulates SVG elements as text with fixed number formatting, so the same drawing
/// calls always give the same bytes.
///
/// Coordinates are written with two decimals (1/100 pixel) and `-0.00` is written as
/// `0.00`; text is XML-escaped (`&`, `<`, `>`, `"`).
public struct SVGBuilder: Sendable {
  /// The elements written so far, one per line.
  public private(set) var body = ""

  public init() {}

  /// `value` with two decimals; negative zero is written as zero.
  public static func number(_ value: Double) -> String {
    let text = String(format: "%.2f", value)
    return text == "-0.00" ? "0.00" : text
  }

  /// `text` with the XML special characters replaced by entities.
  public static func escaped(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(character)
      }
    }
    return out
  }

  /// Appends one element: `<name key="value" ...>` with the attributes in the given order.
  public mutating func element(
    _ name: String, _ attributes: [(String, String)], text: String? = nil
  ) {
    var line = "<\(name)"
    for (key, value) in attributes { line += " \(key)=\"\(Self.escaped(value))\"" }
    if let text {
      line += ">\(Self.escaped(text))</\(name)>\n"
    } else {
      line += "/>\n"
    }
    body += line
  }

  /// Appends a group `<g transform="translate(0 dy)">` holding what `content` appends.
  public mutating func group(translateY dy: Double, _ content: (inout SVGBuilder) -> Void) {
    body += "<g transform=\"translate(0 \(Self.number(dy)))\">\n"
    content(&self)
    body += "</g>\n"
  }

  public mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
    dashed: Bool = false
  ) {
    var attributes = [
      ("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)),
      ("y2", Self.number(y2)), ("stroke", stroke), ("stroke-width", Self.number(width)),
    ]
    if dashed { attributes.append(("stroke-dasharray", "6 4")) }
    element("line", attributes)
  }

  /// A polyline through `points` (pixels), not filled.
  public mutating func polyline(
    _ points: [(Double, Double)], stroke: String, width: Double = 1.5, dashed: Bool = false
  ) {
    var attributes = [
      ("points", Self.pointList(points)), ("fill", "none"), ("stroke", stroke),
      ("stroke-width", Self.number(width)),
    ]
    if dashed { attributes.append(("stroke-dasharray", "6 4")) }
    element("polyline", attributes)
  }

  /// A closed, filled polygon through `points` (pixels).
  public mutating func polygon(
    _ points: [(Double, Double)], fill: String, opacity: Double, className: String
  ) {
    element(
      "polygon",
      [
        ("class", className), ("points", Self.pointList(points)), ("fill", fill),
        ("fill-opacity", Self.number(opacity)), ("stroke", "none"),
      ])
  }

  public mutating func circle(_ x: Double, _ y: Double, radius: Double, fill: String) {
    element(
      "circle",
      [
        ("class", "point"), ("cx", Self.number(x)), ("cy", Self.number(y)),
        ("r", Self.number(radius)), ("fill", fill),
      ])
  }

  public mutating func rect(
    _ x: Double, _ y: Double, width: Double, height: Double, fill: String, className: String
  ) {
    element(
      "rect",
      [
        ("class", className), ("x", Self.number(x)), ("y", Self.number(y)),
        ("width", Self.number(max(0, width))), ("height", Self.number(max(0, height))),
        ("fill", fill),
      ])
  }

  /// Text anchored at (x, y); `anchor` is `start`, `middle` or `end`; `rotate` in degrees
  /// about the anchor point.
  public mutating func text(
    _ string: String, _ x: Double, _ y: Double, anchor: String = "middle", size: Double = 12,
    rotate: Double? = nil
  ) {
    var attributes = [
      ("x", Self.number(x)), ("y", Self.number(y)), ("text-anchor", anchor),
      ("font-size", Self.number(size)),
    ]
    if let rotate {
      attributes.append(
        ("transform", "rotate(\(Self.number(rotate)) \(Self.number(x)) \(Self.number(y)))"))
    }
    element("text", attributes, text: string)
  }

  static func pointList(_ points: [(Double, Double)]) -> String {
    points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
  }
}
